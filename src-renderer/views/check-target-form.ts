/**
 * The Commissioning view's target form: a workspace station, or an ad-hoc target URL typed
 * as the CLI takes it (`dnp3://host:20000?outstation=10`, `iec104://host:2404?ca=1`,
 * `…+tls://…?ca-file=…&cert=…&key=…`). It builds the `commissioning.check` and
 * `commissioning.sweep` requests; the URL itself is parsed by the engine (the CLI's
 * parser), which names any problem with it.
 */
import type { CallRequest } from '../../src-shared/ipc/contract';

/** What the engineer has filled in. */
export interface CheckTargetForm {
  mode: 'station' | 'url';
  station: string;
  url: string;
  /** Latency probes of a check, 1 to 100. */
  probes: number;
}

/** A request, or why the form cannot send one yet. */
export type FormRequest<T> = { ok: true; request: T } | { ok: false; message: string };

/** Example URLs shown to the engineer. */
export const URL_EXAMPLES = ['dnp3://192.0.2.10:20000?master=1&outstation=10', 'iec104://192.0.2.20:2404?ca=1', 'iec104+tls://rtu:19998?ca=1&ca-file=ca.pem&cert=me.pem&key=me.key'];

/** A blank form: a station when there is one, else a URL. */
export function newCheckTargetForm(firstStation: string | undefined): CheckTargetForm {
  return { mode: firstStation ? 'station' : 'url', station: firstStation ?? '', url: '', probes: 5 };
}

function target(form: CheckTargetForm): FormRequest<{ station: string } | { url: string }> {
  if (form.mode === 'station') return form.station ? { ok: true, request: { station: form.station } } : { ok: false, message: 'Choose a station' };
  const url = form.url.trim();
  return url ? { ok: true, request: { url } } : { ok: false, message: 'Type a target URL, e.g. dnp3://host:20000?outstation=10' };
}

/** The connectivity check request of the form. */
export function checkRequest(form: CheckTargetForm): FormRequest<CallRequest<'commissioning.check'>> {
  const chosen = target(form);
  if (!chosen.ok) return chosen;
  if (!Number.isInteger(form.probes) || form.probes < 1 || form.probes > 100) return { ok: false, message: 'Latency probes must be a whole number from 1 to 100' };
  return { ok: true, request: { ...chosen.request, probes: form.probes } };
}

/** The port sweep request of the form (the station's or the URL's host). */
export function sweepRequest(form: CheckTargetForm): FormRequest<CallRequest<'commissioning.sweep'>> {
  return target(form);
}
