import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Db } from '../db/index.ts';
import type { Locale, UsersTable } from '../db/schema.ts';
import { AppError, requireSession } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import type { Authenticator } from '../http/auth.ts';
import { memberById } from '../members/members.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  clearLoginFailures,
  deleteSession,
  insertSession,
  loginFailuresSince,
  recordLoginFailure,
  sessionByHash,
  tokenByHash,
  touchToken,
  userById,
  userByUsername,
  updateUser,
} from './users.repository.ts';

export const SESSION_COOKIE = 'tansiq_session';
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
const TOKEN_TOUCH_MS = 60_000;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

async function actorOf(db: Db, user: UsersTable, via: Actor['via']): Promise<Actor> {
  const member = await memberById(db, user.member_id);
  if (!member) throw new AppError(401, 'unauthorized', 'account has no member');
  return {
    userId: user.id,
    username: user.username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via,
  };
}

/** An account event and the change it records (if any), committed together. */
async function audit(
  db: Db,
  actor: string | null,
  member: string | null,
  action: string,
  detail: Record<string, unknown>,
  change?: (trx: Db) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await change?.(trx);
    await appendAudit(trx, [{ actor, member, action, subject: actor, detail }]);
  });
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

function totpValid(secretBase32: string, code: string): boolean {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    digits: 6,
    period: 30,
  });
  return totp.validate({ token: code.replace(/\s/g, ''), window: 1 }) !== null;
}

export interface LoginResult {
  actor: Actor;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Password (+ TOTP when enrolled) login. Failures are counted per user and per address in the
 * database, so the limit holds across app processes.
 */
export async function checkCredentials(
  db: Db,
  username: string,
  password: string,
  address: string,
  totp?: string,
): Promise<{ user: UsersTable; actor: Actor }> {
  const since = Date.now() - FAILURE_WINDOW_MS;
  const [byUser, byAddress] = await Promise.all([
    loginFailuresSince(db, `user:${username}`, since),
    loginFailuresSince(db, `addr:${address}`, since),
  ]);
  if (byUser >= MAX_FAILURES_PER_USER || byAddress >= MAX_FAILURES_PER_ADDRESS) {
    await audit(db, username, null, 'login.throttled', { address });
    throw new AppError(429, 'rate_limited', 'too many failed logins: try again in 15 minutes');
  }
  const user = await userByUsername(db, username);
  dummyHash ??= hashPassword(secret());
  const ok = user
    ? await verifyPassword(user.password_hash, password)
    : (await verifyPassword(await dummyHash, password), false);
  if (!user || !ok || user.disabled === 1) {
    await audit(
      db,
      username,
      null,
      'login.failure',
      { address, reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'disabled' },
      (trx) => recordLoginFailure(trx, [`user:${username}`, `addr:${address}`], Date.now()),
    );
    throw new AppError(401, 'invalid_credentials', 'username or password is wrong', 'password');
  }
  if (user.totp_secret) {
    if (!totp)
      throw new AppError(
        401,
        'totp_required',
        'totp: enter the code of your authenticator app',
        'totp',
      );
    if (!totpValid(user.totp_secret, totp)) {
      await audit(db, username, null, 'login.failure', { address, reason: 'wrong totp' }, (trx) =>
        recordLoginFailure(trx, [`user:${username}`, `addr:${address}`], Date.now()),
      );
      throw new AppError(401, 'invalid_credentials', 'totp: the code is wrong or expired', 'totp');
    }
  }
  await clearLoginFailures(db, `user:${username}`);
  return { user, actor: await actorOf(db, user, 'session') };
}

export async function login(
  db: Db,
  input: { username: string; password: string; totp?: string },
  address: string,
  ttlHours: number,
): Promise<LoginResult> {
  const { user, actor } = await checkCredentials(
    db,
    input.username,
    input.password,
    address,
    input.totp,
  );
  const token = secret();
  const csrfToken = secret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600 * 1000);
  await audit(db, user.username, actor.memberCode, 'login.success', { address }, (trx) =>
    insertSession(trx, {
      token_hash: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    }),
  );
  return { actor, token, csrfToken, expiresAt };
}

export async function logout(db: Db, token: string, actor: Actor): Promise<void> {
  await audit(db, actor.username, actor.memberCode, 'logout', {}, (trx) =>
    deleteSession(trx, sha256(token)),
  );
}

export async function actorFromSession(
  db: Db,
  token: string,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const session = await sessionByHash(db, sha256(token));
  if (!session) return null;
  if (session.expires_at < new Date().toISOString()) {
    await deleteSession(db, session.token_hash);
    return null;
  }
  const user = await userById(db, session.user_id);
  if (!user || user.disabled === 1) return null;
  return { actor: await actorOf(db, user, 'session'), csrfToken: session.csrf_token };
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  const row = await tokenByHash(db, sha256(token));
  if (!row) return null;
  const user = await userById(db, row.user_id);
  if (!user || user.disabled === 1) return null;
  // `last_used_at` to the minute: a write on every request would put a commit (and, on SQLite,
  // an fsync) on the hot path of every TAXII page a client reads.
  const now = new Date();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOKEN_TOUCH_MS) {
    await touchToken(db, row.id, now.toISOString());
  }
  return actorOf(db, user, `token:${row.scope}`);
}

export function newApiToken(): { token: string; hash: string; id: string } {
  const token = `tsq_${secret()}`;
  return { token, hash: sha256(token), id: randomUUID() };
}

/**
 * TOTP enrolment: the new secret waits beside the active one until a first code confirms it.
 * Replacing an active factor takes its current code, so a stolen session cannot swap in its own.
 */
export async function startTotp(
  db: Db,
  actor: Actor,
  currentCode?: string,
): Promise<{ secret: string; uri: string }> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  if (user?.totp_secret) {
    if (!currentCode)
      throw new AppError(
        403,
        'totp_required',
        'code: replacing the second factor needs the current code of your authenticator',
        'code',
      );
    if (!totpValid(user.totp_secret, currentCode))
      throw new AppError(422, 'validation', 'code: the code is wrong or expired', 'code');
  }
  const totpSecret = new OTPAuth.Secret({ size: 20 });
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, { totp_pending: totpSecret.base32 });
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'totp.enrolment',
        subject: actor.username,
        detail: { replacing: Boolean(user?.totp_secret) },
      },
    ]);
  });
  const totp = new OTPAuth.TOTP({
    issuer: 'Tansiq',
    label: actor.username,
    secret: totpSecret,
    digits: 6,
    period: 30,
  });
  return { secret: totpSecret.base32, uri: totp.toString() };
}

export async function confirmTotp(db: Db, actor: Actor, code: string): Promise<void> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  const pending = user?.totp_pending;
  if (!pending) throw new AppError(409, 'conflict', 'totp: start enrolment first');
  if (!totpValid(pending, code))
    throw new AppError(422, 'validation', 'code: the code is wrong or expired', 'code');
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, { totp_secret: pending, totp_pending: null });
    await appendAudit(trx, [auditEntry(actor, 'totp.enabled')]);
  });
}

/** Turning the second factor off takes a current code, so a stolen session alone cannot do it. */
export async function disableTotp(db: Db, actor: Actor, code: string): Promise<void> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  if (!user?.totp_secret) throw new AppError(409, 'conflict', 'totp: not enabled');
  if (!totpValid(user.totp_secret, code))
    throw new AppError(422, 'validation', 'code: the code is wrong or expired', 'code');
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, { totp_secret: null, totp_pending: null });
    await appendAudit(trx, [auditEntry(actor, 'totp.disabled')]);
  });
}

const auditEntry = (actor: Actor, action: string) => ({
  actor: actor.username,
  member: actor.memberCode,
  action,
  subject: actor.username,
  detail: {},
});

/** The interface language, changed by the person in a session (never by a token). */
export async function setLocale(db: Db, actor: Actor, locale: Locale): Promise<void> {
  requireSession(actor);
  await updateUser(db, actor.userId, { locale });
}

export function totpState(
  user: Pick<UsersTable, 'totp_secret' | 'totp_pending'>,
): 'off' | 'pending' | 'on' {
  return user.totp_secret ? 'on' : user.totp_pending ? 'pending' : 'off';
}

/** The accounts' answer to "who is this?", for the HTTP layer's authentication hook. */
export function authenticator(db: Db): Authenticator {
  return {
    sessionCookie: SESSION_COOKIE,
    fromToken: (token) => actorFromApiToken(db, token),
    fromSession: (cookie) => actorFromSession(db, cookie),
    fromPassword: async (username, password, address) =>
      (await checkCredentials(db, username, password, address)).actor,
  };
}
