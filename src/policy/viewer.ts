import type { Role } from '../db/schema.ts';

/** Who is asking: every read and write is decided on this, whatever the surface. */
export interface Actor {
  userId: string;
  username: string;
  memberId: string;
  memberCode: string;
  role: Role;
  /** How the request authenticated: a session cookie, or an API token and its scope. */
  via: 'session' | 'token:read' | 'token:write' | 'token:federation' | 'cli';
}

const READ_ONLY_TOKENS = new Set<Actor['via']>(['token:read', 'token:federation']);

/** Read-scoped and federation tokens never write nor administer. */
export function isReadOnlyToken(actor: Actor): boolean {
  return READ_ONLY_TOKENS.has(actor.via);
}

/** Readers never write; read-scoped and federation tokens never write. */
export function canWrite(actor: Actor): boolean {
  return actor.role !== 'reader' && !READ_ONLY_TOKENS.has(actor.via);
}

export function isInstanceAdmin(actor: Actor): boolean {
  return actor.role === 'instance_admin';
}

/** Instance admins manage everyone; member admins manage their own member's users and tokens. */
export function canManageMember(actor: Actor, memberId: string): boolean {
  if (READ_ONLY_TOKENS.has(actor.via)) return false;
  return (
    actor.role === 'instance_admin' ||
    (actor.role === 'member_admin' && actor.memberId === memberId)
  );
}

/**
 * What a reader may receive beyond the visibility predicate. A federation token is the account of a
 * peer instance: whatever it asks, it receives only what may leave this instance (never RED,
 * never an object not flagged for federation), on every surface.
 */
export function readScope(actor: Actor): { federableOnly?: true } {
  return actor.via === 'token:federation' ? { federableOnly: true } : {};
}
