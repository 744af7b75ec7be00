/**
 * The text form of a DNP3 SA update key as a person enters it (the station form, and the
 * engine that checks what the form sent): 64 hex digits (AES-256) or 32 (AES-128), with
 * spaces, colons and a `0x` prefix allowed, as keys are often written in groups.
 */

/** The hex digits of an entered key, without the separators and prefix a person may type. */
export function updateKeyDigits(text: string): string {
  return text.trim().replace(/^0x/i, '').replace(/[\s:]+/g, '');
}

/** Why an entered update key is not one, or null; never quotes the key. */
export function updateKeyProblem(text: string): string | null {
  const digits = updateKeyDigits(text);
  if (!/^[0-9a-fA-F]*$/.test(digits)) return 'Only hex digits (0-9, a-f), spaces and colons';
  return digits.length === 64 || digits.length === 32 ? null : `64 hex digits (AES-256) or 32 (AES-128); this has ${digits.length}`;
}
