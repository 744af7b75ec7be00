/**
 * User roles, least to most privileged: viewer monitors; operator also acknowledges
 * alarms; engineer also issues commands; administrator also changes configuration and users.
 */
export const ROLES = ['viewer', 'operator', 'engineer', 'administrator'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Whether `role` carries at least the privileges of `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
