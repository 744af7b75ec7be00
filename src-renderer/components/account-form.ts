/** Validation of the administration forms' password fields (the engine checks again). */

/** Minimum password length. */
export const MIN_PASSWORD_LENGTH = 8;

/** The fields of a new-password form. */
export interface NewPasswordInput {
  password: string;
  confirm: string;
}

/** Errors by field; empty when the new password may be sent. */
export function validateNewPassword(input: NewPasswordInput): Partial<Record<keyof NewPasswordInput, string>> {
  const errors: Partial<Record<keyof NewPasswordInput, string>> = {};
  if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (input.confirm !== input.password) errors.confirm = 'The passwords do not match.';
  return errors;
}

/** The reason administration actions are disabled for `user`, or undefined for administrators. */
export function adminOnlyReason(user: { name: string; role: string } | null): string | undefined {
  if (user?.role === 'administrator') return undefined;
  return user ? `Administrators only: you are logged in as ${user.name} (${user.role}).` : 'Administrators only: nobody is logged in.';
}
