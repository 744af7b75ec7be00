/**
 * The origin of a URL as `scheme://host[:port]`, or null when it has no host. Node's
 * `URL.origin` is the string "null" for schemes it does not know as special (like our
 * app://), which would make every such URL look alike, so it is not used here.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}
