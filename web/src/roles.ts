import { ROLES, type Role } from './api';

/** Who sees the user administration: instance admins (everyone) and member admins (their member). */
export function isAdmin(role: Role): boolean {
  return role === 'instance_admin' || role === 'member_admin';
}

/** Instance admins grant any role; member admins every role but instance admin. The server
 * enforces it; the forms only offer what it will accept. */
export function assignableRoles(actor: Role): Role[] {
  return actor === 'instance_admin'
    ? [...ROLES]
    : ROLES.filter((role) => role !== 'instance_admin');
}
