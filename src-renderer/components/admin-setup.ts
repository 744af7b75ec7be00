/** Validation of the first-start administrator set-up form, field by field. */

/** Minimum administrator password length. */
export const MIN_PASSWORD_LENGTH = 8;

/** The set-up form's fields. */
export interface AdminSetupInput {
  name: string;
  password: string;
  confirm: string;
}

/** Errors by field; empty when the form may be sent. */
export function validateAdminSetup(input: AdminSetupInput): Partial<Record<keyof AdminSetupInput, string>> {
  const errors: Partial<Record<keyof AdminSetupInput, string>> = {};
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.name.trim())) errors.name = 'Use 1 to 64 letters, digits, dots, dashes or underscores.';
  if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (input.confirm !== input.password) errors.confirm = 'The passwords do not match.';
  return errors;
}
