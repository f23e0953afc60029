import type { Db } from '../db/index.ts';
import type { ApiTokensTable, SessionsTable, UsersTable } from '../db/schema.ts';

export function userByUsername(db: Db, username: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function userById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Omit<UsersTable, 'id'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Users with a second factor, active or waiting for its first code. */
export function usersWithFactors(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'totp_secret', 'totp_pending'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending', 'is not', null)]))
    .execute();
}

export function listUsers(db: Db, memberId?: string) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('members as m', 'm.id', 'u.member_id')
    .select([
      'u.id',
      'u.username',
      'u.role',
      'u.locale',
      'u.disabled',
      'u.created_at',
      'u.member_id',
      'm.code as member_code',
    ])
    .orderBy('u.username');
  if (memberId) q = q.where('u.member_id', '=', memberId);
  return q.execute();
}

export function countUsers(db: Db): Promise<number> {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export function sessionByHash(db: Db, tokenHash: string): Promise<SessionsTable | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function insertToken(db: Db, row: ApiTokensTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export function tokenByHash(db: Db, tokenHash: string): Promise<ApiTokensTable | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function tokenById(db: Db, id: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.name', 't.revoked_at', 'u.member_id'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Tokens of one user, or of every user of a member (for member admins). */
export function listTokens(db: Db, filter: { userId?: string; memberId?: string }) {
  let q = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.scope', 't.created_at', 't.last_used_at', 'u.username'])
    .where('t.revoked_at', 'is', null)
    .orderBy('t.created_at');
  if (filter.userId) q = q.where('t.user_id', '=', filter.userId);
  if (filter.memberId) q = q.where('u.member_id', '=', filter.memberId);
  return q.execute();
}

export async function revokeToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function touchToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function recordLoginFailure(db: Db, keys: string[], atMs: number): Promise<void> {
  await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key, at_ms: atMs })))
    .execute();
}

export async function loginFailuresSince(db: Db, key: string, sinceMs: number): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at_ms', '>', sinceMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** The instance admin created first (the operator's account). */
export function firstInstanceAdmin(db: Db): Promise<UsersTable | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'instance_admin')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function usernames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('username').orderBy('username').execute();
  return rows.map((r) => r.username);
}

/**
 * Records that a TOTP code of time step `step` was used, unless one of this step or a later one
 * was used already: one UPDATE, so two processes cannot both accept the same code.
 */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every API token of a user (a new password: whatever the old one let out is withdrawn). */
export async function revokeTokensOfUser(db: Db, userId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchSession(db: Db, tokenHash: string, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** A user's open sessions (never their tokens nor hashes). */
export function sessionsOfUser(db: Db, userId: string, now: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'expires_at', 'last_seen_at', 'address', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends a user's sessions: one (`only`), or all but one (`except`). */
export async function endSessions(
  db: Db,
  userId: string,
  which: { only: string } | { except: string | null },
): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  q =
    'only' in which
      ? q.where('id', '=', which.only)
      : which.except
        ? q.where((eb) => eb.or([eb('id', 'is', null), eb('id', '!=', which.except!)]))
        : q;
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

/** Replaces a user's recovery codes by these (hashed) ones. */
export async function replaceRecoveryCodes(
  trx: Db,
  userId: string,
  hashes: string[],
  at: string,
): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length)
    await trx
      .insertInto('recovery_codes')
      .values(
        hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: at, used_at: null })),
      )
      .execute();
}

/** Uses a recovery code up: true once, for an unused code of this user. */
export async function spendRecoveryCode(
  db: Db,
  userId: string,
  hash: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
