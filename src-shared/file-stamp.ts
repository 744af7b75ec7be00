/** Time stamps in the names of files the app writes. */

/** `20260101-120000`: `at` in the host's local time, to the second, sortable. */
export function fileStamp(at: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}
