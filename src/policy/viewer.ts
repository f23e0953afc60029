import type { Role } from '../db/schema.ts';

/** Who is asking: every read and write is decided on this, whatever the surface. */
export interface Actor {
  userId: string;
  username: string;
  memberId: string;
  memberCode: string;
  role: Role;
  /** How the request authenticated: a session cookie, or an API token and its scope. */
  via: 'session' | 'token:read' | 'token:write' | 'cli';
}

/** Readers never write; read-scoped tokens never write. */
export function canWrite(actor: Actor): boolean {
  return actor.role !== 'reader' && actor.via !== 'token:read';
}

export function isInstanceAdmin(actor: Actor): boolean {
  return actor.role === 'instance_admin';
}

/** Instance admins manage everyone; member admins manage their own member's users and tokens. */
export function canManageMember(actor: Actor, memberId: string): boolean {
  if (actor.via === 'token:read') return false;
  return (
    actor.role === 'instance_admin' ||
    (actor.role === 'member_admin' && actor.memberId === memberId)
  );
}
