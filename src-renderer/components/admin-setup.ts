/** Validation of the first-start administrator set-up form, field by field. */
import { validateNewPassword } from './account-form';

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
  return Object.assign(errors, validateNewPassword(input));
}
