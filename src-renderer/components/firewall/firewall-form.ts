/** The Firewall rules panel's choices, and the request they make. */
import { FIREWALL_FORMATS } from '../../../src-shared/ipc/schemas/firewall';
import type { FirewallRequest } from '../../stores/firewall';

/** What the engineer has entered. */
export interface FirewallForm {
  station: string;
  /** Master addresses as typed: one per line (commas and spaces also separate). */
  masters: string;
  /** The station's address of the other family (optional). */
  stationAddress: string;
  format: FirewallRequest['format'];
}

/** The formats with the names engineers know them by. */
export const FORMAT_CHOICES: ReadonlyArray<{ value: FirewallRequest['format']; label: string }> = FIREWALL_FORMATS.map((value) => ({
  value,
  label: { iptables: 'iptables (rules.v4 / rules.v6)', nftables: 'nftables (table inet)', windows: 'Windows Firewall (PowerShell)', cisco: 'Cisco IOS ACL' }[value],
}));

/** The addresses typed, one per line or separated by commas or spaces. */
export function masterAddresses(text: string): string[] {
  return text.split(/[\s,;]+/).filter((a) => a !== '');
}

/** The request of a form (the engine judges the addresses and names a bad one). */
export function firewallRequest(form: FirewallForm): FirewallRequest {
  const stationAddress = form.stationAddress.trim();
  return { station: form.station, masters: masterAddresses(form.masters), format: form.format, ...(stationAddress ? { stationAddress } : {}) };
}
