import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Where and how big the main window was when it was last closed. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1400, height: 900, maximized: false };

/** A rectangle of a display's work area. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reads the remembered state from `dir`, falling back to the default for a missing or
 * corrupt file, and dropping the position when it is on none of `displays` (a monitor
 * that is gone) so the window never opens off-screen.
 */
export function loadWindowState(dir: string, displays: readonly Area[]): WindowState {
  let state = DEFAULT_STATE;
  try {
    const raw = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    if (typeof raw.width === 'number' && typeof raw.height === 'number' && raw.width >= 400 && raw.height >= 300) {
      state = { width: raw.width, height: raw.height, maximized: raw.maximized === true, x: raw.x, y: raw.y };
    }
  } catch {
    return DEFAULT_STATE;
  }
  const { x, y } = state;
  const visible =
    typeof x === 'number' &&
    typeof y === 'number' &&
    displays.some((d) => x >= d.x && y >= d.y && x < d.x + d.width && y < d.y + d.height);
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

/** Writes the state to `dir` atomically (temp file, then rename). */
export function saveWindowState(dir: string, state: WindowState): void {
  const path = join(dir, 'window-state.json');
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}
