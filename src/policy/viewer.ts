import type { Role } from '../../contract/vocabulary.ts';
import type { Reader } from './access.ts';

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

/**
 * The reader the access policy sees for an actor. A federation token is the account of a peer
 * instance: whatever it asks, on every surface, it receives only what may leave this instance.
 */
export function readerOf(actor: Pick<Actor, 'memberId' | 'via'>): Reader {
  return { memberId: actor.memberId, federableOnly: actor.via === 'token:federation' };
}

/** The system acting for a member (its identity object, demo content): never a person. */
export function systemActor(member: { id: string; code: string }): Actor {
  return {
    userId: 'system',
    username: 'system',
    memberId: member.id,
    memberCode: member.code,
    role: 'analyst',
    via: 'cli',
  };
}
