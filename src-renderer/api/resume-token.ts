/**
 * The resume token of this tab (session.login hands it out; session.resume logs the tab
 * in again after a reload or a reconnected link). Kept in sessionStorage, so it lives as
 * long as the tab and is not shared with other tabs or written to disk by the browser.
 */

const KEY = 'switchyard.resume';

/** The stored token, or null (also when storage is unavailable). */
export function loadResumeToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Stores the token handed out at login or password change. */
export function saveResumeToken(token: string): void {
  try {
    window.sessionStorage.setItem(KEY, token);
  } catch {
    // Without storage the tab still works; it only has to log in again after a reload.
  }
}

/** Forgets the token (logout, or refused by the host). */
export function clearResumeToken(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored where storage is unavailable.
  }
}
