/** Copying text to the clipboard from a button. */

/**
 * Copies `text`; resolves true when it was copied. Tries the asynchronous Clipboard API,
 * then the older copy command on a hidden text area (where a permission policy refuses the
 * first, as the desktop app's may).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      // Deprecated, but the one way left when the Clipboard API is refused.
      return document.execCommand('copy');
    } finally {
      area.remove();
    }
  }
}
