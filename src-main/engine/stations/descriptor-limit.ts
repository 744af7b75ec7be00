/**
 * Open files at scale: every network station holds a socket (an IEC 104 station one per
 * redundancy endpoint too), so a thousand stations need a thousand descriptors beside the
 * engine's own. Node raises its soft limit to the hard one at start, but a hard limit of
 * 1024 (some containers and services) leaves stations beyond it failing to connect with
 * EMFILE. The engine says so when a workspace asks for more than the limit allows.
 */
import { readFileSync } from 'node:fs';
import type { StationConfig } from '../../../src-shared/workspace/station';

/** Descriptors kept for the engine itself: event log, workspace, captures, the host's sockets. */
const RESERVED = 256;

/** The soft limit of open files from the text of /proc/self/limits; null when absent or unlimited. */
export function openFileLimitOf(limitsText: string): number | null {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
}

/** This process's soft limit of open files (Linux); null where it cannot be read. */
export function openFileLimit(): number | null {
  try {
    return openFileLimitOf(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

/** The sockets the enabled network stations hold at most. */
function stationSockets(stations: readonly StationConfig[]): number {
  let sockets = 0;
  for (const s of stations) {
    if (!s.enabled || s.transport.kind === 'serial') continue;
    sockets += 1 + (s.protocol === 'iec104' ? s.iec104.redundancy.length : 0);
  }
  return sockets;
}

/** Why these stations may not all connect under `limit` open files, or null when they fit (or the limit is unknown). */
export function descriptorWarning(stations: readonly StationConfig[], limit: number | null): string | null {
  if (limit === null) return null;
  const sockets = stationSockets(stations);
  if (sockets + RESERVED <= limit) return null;
  return `${sockets} station connections need about ${sockets + RESERVED} open files, but this process may open ${limit} (ulimit -n): stations beyond the limit fail to connect with EMFILE; raise the limit (ulimit -n, or LimitNOFILE= for a service)`;
}
