import type { Actor } from './viewer.ts';

/**
 * Role questions, as pure functions: routes and services ask them, none re-implements them.
 * A credential's scope narrows a role, never widens it: read and federation tokens never write nor
 * administer, and only a session (a person at the keyboard) changes an account.
 */

const READ_ONLY_TOKENS = new Set<Actor['via']>(['token:read', 'token:federation']);

/** Read-scoped and federation tokens never write nor administer. */
export function isReadOnlyToken(actor: Pick<Actor, 'via'>): boolean {
  return READ_ONLY_TOKENS.has(actor.via);
}

/** Readers never write; read-scoped and federation tokens never write. */
export function canWrite(actor: Pick<Actor, 'role' | 'via'>): boolean {
  return actor.role !== 'reader' && !isReadOnlyToken(actor);
}

/** The operator of this installation, acting with a credential that may administer. */
export function isInstanceAdmin(actor: Pick<Actor, 'role' | 'via'>): boolean {
  return actor.role === 'instance_admin' && !isReadOnlyToken(actor);
}

/** A member admin of `memberId` (not an instance admin: ask `canManageMember` for either). */
export function isMemberAdminOf(
  actor: Pick<Actor, 'role' | 'via' | 'memberId'>,
  memberId: string,
): boolean {
  return actor.role === 'member_admin' && actor.memberId === memberId && !isReadOnlyToken(actor);
}

/** Instance admins manage everyone; member admins manage their own member's users and tokens. */
export function canManageMember(
  actor: Pick<Actor, 'role' | 'via' | 'memberId'>,
  memberId: string,
): boolean {
  return isInstanceAdmin(actor) || isMemberAdminOf(actor, memberId);
}

/**
 * Account and security changes (language, second factor, one's tokens, password) are made by the
 * person in a session, never by an API token of any scope: a leaked token must not be able to
 * lock its owner out or mint itself a wider credential.
 */
export function mayChangeAccount(actor: Pick<Actor, 'via'>): boolean {
  return actor.via === 'session' || actor.via === 'cli';
}

/** A chair term as the policy sees it: a member co-chairs from `from` until the day before `to`. */
export interface ChairTermFact {
  memberId: string;
  from: string;
  to: string | null;
}

/** Whether a term covers `date` (YYYY-MM-DD): from ≤ date, and date before `to` when it has one. */
export function termCovers(term: Pick<ChairTermFact, 'from' | 'to'>, date: string): boolean {
  return term.from <= date && (term.to === null || term.to > date);
}

/** The members co-chairing a group on `date`, from the group's chair terms. */
export function coChairsOn(terms: readonly ChairTermFact[], date: string): string[] {
  return [...new Set(terms.filter((t) => termCovers(t, date)).map((t) => t.memberId))];
}

/** "Is this member co-chair of the group on this date?", from the group's chair terms. */
export function isCoChairOn(
  terms: readonly ChairTermFact[],
  memberId: string,
  date: string,
): boolean {
  return terms.some((t) => t.memberId === memberId && termCovers(t, date));
}

/** Whether the instance's setting asks this role for a second factor before a session may work. */
export function needsSecondFactor(
  role: Actor['role'],
  setting: 'off' | 'admins' | 'everyone',
): boolean {
  if (setting === 'everyone') return true;
  return setting === 'admins' && (role === 'instance_admin' || role === 'member_admin');
}

/**
 * Which part of the audit log a person reads: the whole log (instance admins), or the entries of
 * its own member (member admins, see `access.ts#mayReadAuditEntry`); `null` for everyone else.
 * Only people in a session read it: an API token of any scope does not.
 */
export type AuditScope = { kind: 'instance' } | { kind: 'member'; code: string };

export function auditScope(actor: Pick<Actor, 'role' | 'via' | 'memberCode'>): AuditScope | null {
  if (actor.via !== 'session') return null;
  if (actor.role === 'instance_admin') return { kind: 'instance' };
  if (actor.role === 'member_admin') return { kind: 'member', code: actor.memberCode };
  return null;
}
