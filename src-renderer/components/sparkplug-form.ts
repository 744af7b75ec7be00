/** The Sparkplug form's fields, to and from what the engine stores (pure, for tests). */
import type { SparkplugSettings, SparkplugStatus, SparkplugWrite } from '../stores/sparkplug';

/** The form's editable fields (DCMD points as text: one `station/address` per line). */
export interface SparkplugForm {
  enabled: boolean;
  brokerUrl: string;
  groupId: string;
  edgeNodeId: string;
  /** Sparkplug 3.0 primary host application id; '' for none. */
  primaryHostId: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  username: string;
  /** A new password; '' keeps the stored one unless `clearPassword`. */
  password: string;
  clearPassword: boolean;
  /** Where the engine reads the password: a 0600 file, or an environment variable of its process. */
  passwordFile: string;
  passwordEnv: string;
  publishIntervalMs: number;
  bufferLimit: number;
  dcmdEnabled: boolean;
  dcmdPoints: string;
  dcmdRole: SparkplugSettings['dcmdRole'];
}

/** The form for the stored settings, or a blank one. */
export function formOf(settings: SparkplugSettings | null): SparkplugForm {
  return {
    enabled: settings?.enabled ?? false,
    brokerUrl: settings?.brokerUrl ?? 'mqtt://127.0.0.1:1883',
    groupId: settings?.groupId ?? '',
    edgeNodeId: settings?.edgeNodeId ?? '',
    primaryHostId: settings?.primaryHostId ?? '',
    caFile: settings?.caFile ?? '',
    certFile: settings?.certFile ?? '',
    keyFile: settings?.keyFile ?? '',
    username: settings?.username ?? '',
    password: '',
    clearPassword: false,
    passwordFile: settings?.passwordFile ?? '',
    passwordEnv: settings?.passwordEnv ?? '',
    publishIntervalMs: settings?.publishIntervalMs ?? 1000,
    bufferLimit: settings?.bufferLimit ?? 10_000,
    dcmdEnabled: settings?.dcmdEnabled ?? false,
    dcmdPoints: (settings?.dcmdPoints ?? []).map((p) => `${p.station}/${p.address}`).join('\n'),
    dcmdRole: settings?.dcmdRole ?? 'engineer',
  };
}

/** The DCMD list's lines as points, or the first line that is not `station/address`. */
export function parseDcmdPoints(text: string): { ok: true; points: Array<{ station: string; address: string }> } | { ok: false; line: string } {
  const points: Array<{ station: string; address: string }> = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const slash = line.indexOf('/');
    if (slash <= 0 || slash === line.length - 1) return { ok: false, line };
    points.push({ station: line.slice(0, slash), address: line.slice(slash + 1) });
  }
  return { ok: true, points };
}

/**
 * What sparkplug.configure gets from the form: the password only when typed or cleared (a
 * typed one replaces the file and variable; the engine keeps it in the host's secret store).
 */
export function writeOf(form: SparkplugForm, points: Array<{ station: string; address: string }>): NonNullable<SparkplugWrite> {
  const { password, clearPassword, dcmdPoints: _text, ...rest } = form;
  const write: NonNullable<SparkplugWrite> = { ...rest, dcmdPoints: points };
  if (clearPassword) write.password = '';
  else if (password !== '') write.password = password;
  return write;
}

/** Where the stored password comes from, in words. */
export function passwordText(settings: SparkplugSettings | null): string {
  if (!settings?.passwordSet) return 'not set';
  if (settings.passwordStored) return "set: kept by the host's secret store";
  if (settings.passwordEnv !== '') return `set: from environment variable ${settings.passwordEnv}`;
  if (settings.passwordFile !== '') return `set: in file ${settings.passwordFile}`;
  return 'set';
}

/** The connection state: connected, waiting for the primary host, or disconnected. */
function stateText(status: SparkplugStatus): string {
  if (status.connected) return `Connected (bdSeq ${status.bdSeq})${status.primaryHost ? `, primary host ${status.primaryHost.id} online` : ''}`;
  const host = status.primaryHost;
  if (host && status.lastError === null) return `Waiting for primary host ${host.id} (${host.online === false ? 'offline' : 'no STATE received yet'})`;
  return 'Disconnected';
}

/** The status line in words (state never by colour alone). */
export function statusText(status: SparkplugStatus): string {
  if (!status.enabled) return 'Not publishing (disabled)';
  const state = stateText(status);
  const counts = `${status.sent.toLocaleString()} messages sent (${status.metrics.toLocaleString()} metrics), ${status.buffered.toLocaleString()} buffered, ${status.dropped.toLocaleString()} dropped`;
  return `${state} · ${counts}`;
}

/** Why the form is read-only for `user`, or undefined for engineers and administrators. */
export function engineerOnlyReason(user: { name: string; role: string } | null): string | undefined {
  if (user?.role === 'engineer' || user?.role === 'administrator') return undefined;
  return user ? `Engineers and administrators only: you are logged in as ${user.name} (${user.role}).` : 'Engineers and administrators only: nobody is logged in.';
}
