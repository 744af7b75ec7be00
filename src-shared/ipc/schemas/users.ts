/** Contract schemas of the `users.*` and `session.*` calls. */
import * as v from 'valibot';
import { ROLES } from '../../roles';

const name = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . or -, 1 to 40'));
const password = v.pipe(v.string(), v.minLength(8, 'at least 8 characters'), v.maxLength(256));

/** A user account (never the hash). */
export const UserInfo = v.object({ name: v.string(), role: v.picklist(ROLES), disabled: v.boolean() });

/** The logged-in user of this client. */
export const SessionUser = v.object({ name: v.string(), role: v.picklist(ROLES) });

/** A resume token: 32 random bytes, base64url (43 characters). */
const resumeToken = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'a resume token (43 base64url characters)'));

/**
 * Response of session.login and session.setupAdmin: the user and an opaque resume token
 * that logs the client in again (session.resume) after a reload or reconnect. The token
 * expires after hours without use and is revoked on logout, password or role change.
 */
export const SessionGrant = v.object({ name: v.string(), role: v.picklist(ROLES), resumeToken });

/** Request of session.resume. */
export const ResumeRequest = v.strictObject({ token: resumeToken });

/** Response of session.changePassword: the client's new resume token (the old ones are revoked). */
export const PasswordChanged = v.object({ resumeToken });

/** Response of session.status. */
export const SessionStatus = v.object({
  user: v.nullable(SessionUser),
  /** True until the first administrator is created (session.setupAdmin). */
  needsSetup: v.boolean(),
  demo: v.boolean(),
});

/** Request of session.login and session.setupAdmin. */
export const Credentials = v.strictObject({ name, password: v.pipe(v.string(), v.maxLength(256)) });

/** Request of session.setupAdmin (the password rules apply). */
export const SetupRequest = v.strictObject({ name, password });

/** Request of users.create. */
export const UserCreateRequest = v.strictObject({ name, role: v.picklist(ROLES), password });

/** Request of users.update. */
export const UserUpdateRequest = v.strictObject({ name, role: v.optional(v.picklist(ROLES)), password: v.optional(password), disabled: v.optional(v.boolean()) });

/** Request of session.changePassword. */
export const PasswordChangeRequest = v.strictObject({ oldPassword: v.pipe(v.string(), v.maxLength(256)), newPassword: password });
