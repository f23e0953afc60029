import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Db } from '../db/index.ts';
import type { Locale, UsersTable } from '../db/schema.ts';
import { AppError, requireSession } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import type { Authenticator } from '../http/auth.ts';
import type { Config } from '../config.ts';
import { needsSecondFactor } from '../policy/roles.ts';
import { memberById } from '../members/members.repository.ts';
import { isRegion } from '../../contract/regions.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { openFactor, sealFactor } from './factors.ts';
import { isSealed, type Keyring } from '../secrets/keyring.ts';
import {
  claimTotpStep,
  clearLoginFailures,
  deleteSession,
  insertSession,
  loginFailuresSince,
  recordLoginFailure,
  replaceRecoveryCodes,
  spendRecoveryCode,
  sessionByHash,
  tokenByHash,
  touchSession,
  touchToken,
  userById,
  userByUsername,
  updateUser,
} from './users.repository.ts';

export const SESSION_COOKIE = 'tansiq_session';
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
const TOKEN_TOUCH_MS = 60_000;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** The actor of a user; null when its member is retired (restoring the member lets it in). */
async function actorOf(db: Db, user: UsersTable, via: Actor['via']): Promise<Actor | null> {
  const member = await memberById(db, user.member_id);
  if (!member) throw new AppError(401, 'unauthorized', 'account has no member');
  if (member.retired_on) return null;
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
  /** The member of the account, when the actor is not (yet) signed in as it. */
  about: string | null = null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await change?.(trx);
    await appendAudit(trx, [{ actor, member, action, subject: actor, detail, about }]);
  });
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

const TOTP_PERIOD = 30;

/** The time step a code belongs to (RFC 6238, one step of drift either way), or null. */
function totpStep(secretBase32: string, code: string): number | null {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secretBase32),
    digits: 6,
    period: TOTP_PERIOD,
  });
  const delta = totp.validate({ token: code.replace(/\s/g, ''), window: 1 });
  return delta === null ? null : Math.floor(Date.now() / 1000 / TOTP_PERIOD) + delta;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes (`xxxxx-xxxxx`, 50 bits each): shown once, kept hashed. */
function recoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

const recoveryHash = (code: string) => sha256(code.toLowerCase().replace(/[^a-z0-9]/g, ''));

/** Stores a fresh set of recovery codes (the old ones stop working) and returns them to show once. */
async function issueRecoveryCodes(trx: Db, userId: string): Promise<string[]> {
  const codes = recoveryCodes();
  await replaceRecoveryCodes(trx, userId, codes.map(recoveryHash), new Date().toISOString());
  return codes;
}

/**
 * A code of the user's active factor, used up: valid, and of a later time step than any code
 * accepted before (a code overheard or replayed within its 30 seconds counts for nothing).
 */
async function spendTotp(
  db: Db,
  keyring: Keyring | null,
  user: UsersTable,
  code: string,
): Promise<boolean> {
  if (!user.totp_secret) return false;
  // A recovery code stands in for a lost authenticator, once.
  if (!/^\s*\d{6}\s*$/.test(code))
    return spendRecoveryCode(db, user.id, recoveryHash(code), new Date().toISOString());
  const plain = openFactor(keyring, user.totp_secret);
  const step = totpStep(plain, code);
  if (step === null || !(await claimTotpStep(db, user.id, step))) return false;
  // A secret stored before factors were sealed is sealed once it has been used.
  if (keyring && !isSealed(user.totp_secret))
    await updateUser(db, user.id, { totp_secret: sealFactor(keyring, plain) });
  return true;
}

export interface LoginResult {
  actor: Actor;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Password (+ TOTP when enrolled) login. Failures are counted in the database (so the limits hold
 * across app processes) per account *and address*: an attacker guessing one account's password is
 * locked out, not the account's owner signing in from elsewhere; one address failing across many
 * accounts is locked out too. Behind a reverse proxy the address is the client's
 * (TANSIQ_TRUSTED_PROXIES).
 *
 * A correct and a wrong password answer alike for an account with a second factor: without a code
 * both ask for one, with a wrong code both refuse the same way.
 */
export async function checkCredentials(
  db: Db,
  keyring: Keyring | null,
  username: string,
  password: string,
  address: string,
  totp?: string,
): Promise<{ user: UsersTable; actor: Actor }> {
  const since = Date.now() - FAILURE_WINDOW_MS;
  const accountKey = `user:${username}|addr:${address}`;
  const addressKey = `addr:${address}`;
  const [byAccount, byAddress] = await Promise.all([
    loginFailuresSince(db, accountKey, since),
    loginFailuresSince(db, addressKey, since),
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byAddress >= MAX_FAILURES_PER_ADDRESS) {
    await audit(db, username, null, 'login.throttled', { address });
    throw new AppError(429, 'rate_limited', 'too many failed logins: try again in 15 minutes');
  }
  const user = await userByUsername(db, username);
  dummyHash ??= hashPassword(secret());
  const passwordOk = user
    ? await verifyPassword(user.password_hash, password)
    : (await verifyPassword(await dummyHash, password), false);
  const usable = user !== undefined && passwordOk && user.disabled === 0;
  const fail = async (reason: string, answer: AppError): Promise<never> => {
    // A failed login to an existing account is about its member: its member admin reads it.
    const about = user ? ((await memberById(db, user.member_id))?.code ?? null) : null;
    await audit(
      db,
      username,
      null,
      'login.failure',
      { address, reason },
      (trx) => recordLoginFailure(trx, [accountKey, addressKey], Date.now()),
      about,
    );
    throw answer;
  };
  const reason = !user ? 'unknown user' : !passwordOk ? 'wrong password' : 'disabled';
  if (user?.totp_secret) {
    if (!totp) {
      const ask = new AppError(
        401,
        'totp_required',
        'totp: enter the code of your authenticator app',
        'totp',
      );
      if (!usable) await fail(reason, ask);
      throw ask;
    }
    if (!usable || !(await spendTotp(db, keyring, user, totp)))
      await fail(
        usable ? 'wrong or used totp' : reason,
        new AppError(401, 'invalid_credentials', 'username, password or code is wrong', 'password'),
      );
  } else if (!usable) {
    await fail(
      reason,
      new AppError(401, 'invalid_credentials', 'username or password is wrong', 'password'),
    );
  }
  const actor = await actorOf(db, user!, 'session');
  if (!actor)
    return fail(
      'member retired',
      new AppError(401, 'account_disabled', 'account: its member has been retired'),
    );
  await clearLoginFailures(db, accountKey);
  return { user: user!, actor };
}

export async function login(
  db: Db,
  keyring: Keyring | null,
  input: { username: string; password: string; totp?: string },
  client: { address: string; userAgent?: string },
  ttlHours: number,
): Promise<LoginResult> {
  const { address } = client;
  const { user, actor } = await checkCredentials(
    db,
    keyring,
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
      id: randomUUID(),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      address,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
      last_seen_at: now.toISOString(),
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
  requireSecondFactor: Config['requireSecondFactor'] = 'off',
): Promise<{
  actor: Actor;
  csrfToken: string;
  sessionId: string | null;
  enrolmentRequired: boolean;
} | null> {
  const session = await sessionByHash(db, sha256(token));
  if (!session) return null;
  const now = new Date();
  if (session.expires_at < now.toISOString()) {
    await deleteSession(db, session.token_hash);
    return null;
  }
  const user = await userById(db, session.user_id);
  if (!user || user.disabled === 1) return null;
  const actor = await actorOf(db, user, 'session');
  if (!actor) return null;
  // When it was last used, to the minute: the user's list of sessions shows it.
  if (!session.last_seen_at || now.getTime() - Date.parse(session.last_seen_at) > TOKEN_TOUCH_MS)
    await touchSession(db, session.token_hash, now.toISOString());
  return {
    actor,
    csrfToken: session.csrf_token,
    sessionId: session.id,
    // The instance asks this role for a second factor it does not have yet: only enrolment works.
    enrolmentRequired: needsSecondFactor(user.role, requireSecondFactor) && !user.totp_secret,
  };
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
  keyring: Keyring | null,
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
    if (!(await spendTotp(db, keyring, user, currentCode)))
      throw new AppError(422, 'validation', 'code: the code is wrong, expired or used', 'code');
  }
  const totpSecret = new OTPAuth.Secret({ size: 20 });
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, { totp_pending: sealFactor(keyring, totpSecret.base32) });
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

export async function confirmTotp(
  db: Db,
  keyring: Keyring | null,
  actor: Actor,
  code: string,
): Promise<{ recovery_codes: string[] }> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  const pending = user?.totp_pending;
  if (!pending) throw new AppError(409, 'conflict', 'totp: start enrolment first');
  const step = totpStep(openFactor(keyring, pending), code);
  if (step === null)
    throw new AppError(422, 'validation', 'code: the code is wrong or expired', 'code');
  let codes: string[] = [];
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, {
      totp_secret: pending,
      totp_pending: null,
      totp_last_step: step,
    });
    codes = await issueRecoveryCodes(trx, actor.userId);
    await appendAudit(trx, [auditEntry(actor, 'totp.enabled')]);
  });
  return { recovery_codes: codes };
}

/** Turning the second factor off takes a current code, so a stolen session alone cannot do it. */
export async function disableTotp(
  db: Db,
  keyring: Keyring | null,
  actor: Actor,
  code: string,
): Promise<void> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  if (!user?.totp_secret) throw new AppError(409, 'conflict', 'totp: not enabled');
  if (!(await spendTotp(db, keyring, user, code)))
    throw new AppError(422, 'validation', 'code: the code is wrong, expired or used', 'code');
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, actor.userId, {
      totp_secret: null,
      totp_pending: null,
      totp_last_step: null,
    });
    await replaceRecoveryCodes(trx, actor.userId, [], new Date().toISOString());
    await appendAudit(trx, [auditEntry(actor, 'totp.disabled')]);
  });
}

/** New recovery codes (the old ones stop working), for a session with a current code. */
export async function renewRecoveryCodes(
  db: Db,
  keyring: Keyring | null,
  actor: Actor,
  code: string,
): Promise<{ recovery_codes: string[] }> {
  requireSession(actor);
  const user = await userById(db, actor.userId);
  if (!user?.totp_secret) throw new AppError(409, 'conflict', 'totp: not enabled');
  if (!(await spendTotp(db, keyring, user, code)))
    throw new AppError(422, 'validation', 'code: the code is wrong, expired or used', 'code');
  let codes: string[] = [];
  await db.transaction().execute(async (trx) => {
    codes = await issueRecoveryCodes(trx, actor.userId);
    await appendAudit(trx, [auditEntry(actor, 'totp.recovery_codes')]);
  });
  return { recovery_codes: codes };
}

const auditEntry = (actor: Actor, action: string) => ({
  actor: actor.username,
  member: actor.memberCode,
  action,
  subject: actor.username,
  detail: {},
});

/** The interface language and the region, changed by the person in a session (never by a
 * token). A region Tansiq does not format for is refused naming the field. */
export async function setPreferences(
  db: Db,
  actor: Actor,
  change: { locale?: Locale; region?: string | null },
): Promise<void> {
  requireSession(actor);
  if (change.region != null && !isRegion(change.region))
    throw new AppError(
      422,
      'validation',
      `region: "${change.region}" is not a region Tansiq formats for (such as ar-MA, fr-NE, en-GB)`,
      'region',
    );
  await updateUser(db, actor.userId, change);
}

export function totpState(
  user: Pick<UsersTable, 'totp_secret' | 'totp_pending'>,
): 'off' | 'pending' | 'on' {
  return user.totp_secret ? 'on' : user.totp_pending ? 'pending' : 'off';
}

/** The accounts' answer to "who is this?", for the HTTP layer's authentication hook. */
export function authenticator(db: Db, config: Pick<Config, 'requireSecondFactor'>): Authenticator {
  return {
    sessionCookie: SESSION_COOKIE,
    fromToken: (token) => actorFromApiToken(db, token),
    fromSession: (cookie) => actorFromSession(db, cookie, config.requireSecondFactor),
    fromPassword: async (username, password, address) =>
      // Without a code (HTTP Basic gives none), no factor is opened: no key needed.
      (await checkCredentials(db, null, username, password, address)).actor,
  };
}
