import type { ApiToken, CreatedToken, TokenScope } from '../../contract/api.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { Locale, Role, UsersTable } from '../db/schema.ts';
import { AppError, notFound, requireSession } from '../errors.ts';
import { canManageMember } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { auditAdmin } from './members.service.ts';
import { memberByCode } from './members.repository.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { newApiToken } from './auth.service.ts';
import {
  deleteSessionsOfUser,
  insertToken,
  insertUser,
  listTokens,
  listUsers,
  revokeToken,
  tokenById,
  updateUser,
  userById,
  userByUsername,
} from './users.repository.ts';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  member: string;
  locale?: Locale;
}

/** Creates a user; `actor` null means the operator at the command line. */
export async function createUser(db: Db, actor: Actor | null, input: NewUser): Promise<UsersTable> {
  if (!USERNAME.test(input.username))
    throw new AppError(
      422,
      'validation',
      'username: 2 to 63 lower-case letters, digits, dots, hyphens or underscores',
      'username',
    );
  const weak = checkPasswordStrength(input.password);
  if (weak) throw new AppError(422, 'validation', `password: ${weak}`, 'password');
  const member = await memberByCode(db, input.member);
  if (!member)
    throw new AppError(422, 'unknown_member', `member: no member ${input.member}`, 'member');
  if (actor) {
    requireSession(actor);
    if (!canManageMember(actor, member.id))
      throw new AppError(403, 'forbidden', 'you may not manage users of this member');
    if (input.role === 'instance_admin' && actor.role !== 'instance_admin')
      throw new AppError(
        403,
        'forbidden',
        'role: only an instance admin creates instance admins',
        'role',
      );
  }
  if (await userByUsername(db, input.username))
    throw new AppError(409, 'conflict', `username: ${input.username} is taken`, 'username');
  const row: UsersTable = {
    id: randomUUID(),
    username: input.username,
    member_id: member.id,
    role: input.role,
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? 'en',
    disabled: 0,
    totp_secret: null,
    totp_pending: null,
    created_at: new Date().toISOString(),
  };
  await insertUser(db, row);
  if (actor)
    await auditAdmin(db, actor, 'user.create', row.username, {
      role: row.role,
      member: member.code,
    });
  return row;
}

async function managedUser(db: Db, actor: Actor | null, id: string): Promise<UsersTable> {
  const user = (await userById(db, id)) ?? (await userByUsername(db, id));
  if (!user || (actor && !canManageMember(actor, user.member_id))) throw notFound('user');
  return user;
}

export async function changeUser(
  db: Db,
  actor: Actor | null,
  id: string,
  changes: { password?: string; disabled?: boolean; role?: Role },
): Promise<UsersTable> {
  if (actor) requireSession(actor);
  const user = await managedUser(db, actor, id);
  if (actor) {
    // A member admin manages its member's people, not the operator of the instance.
    if (user.role === 'instance_admin' && actor.role !== 'instance_admin')
      throw new AppError(403, 'forbidden', 'only an instance admin changes an instance admin');
    if (user.id === actor.userId && (changes.role !== undefined || changes.disabled)) {
      throw new AppError(
        422,
        'validation',
        `${changes.role !== undefined ? 'role' : 'disabled'}: you cannot change your own role or disable yourself`,
        changes.role !== undefined ? 'role' : 'disabled',
      );
    }
  }
  const set: Partial<UsersTable> = {};
  if (changes.password !== undefined) {
    const weak = checkPasswordStrength(changes.password);
    if (weak) throw new AppError(422, 'validation', `password: ${weak}`, 'password');
    set.password_hash = await hashPassword(changes.password);
  }
  if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
  if (changes.role !== undefined) {
    if (changes.role === 'instance_admin' && actor && actor.role !== 'instance_admin')
      throw new AppError(
        403,
        'forbidden',
        'role: only an instance admin grants instance admin',
        'role',
      );
    set.role = changes.role;
  }
  await updateUser(db, user.id, set);
  // A new password or a disabled account ends every open session.
  if (set.password_hash || changes.disabled) await deleteSessionsOfUser(db, user.id);
  if (actor)
    await auditAdmin(db, actor, 'user.change', user.username, {
      password: changes.password !== undefined,
      disabled: changes.disabled,
      role: changes.role,
    });
  return { ...user, ...set };
}

export async function usersFor(db: Db, actor: Actor) {
  if (actor.role === 'instance_admin') return listUsers(db);
  if (actor.role === 'member_admin') return listUsers(db, actor.memberId);
  throw new AppError(403, 'forbidden', 'only admins list users');
}

export async function createToken(
  db: Db,
  actor: Actor,
  owner: UsersTable,
  name: string,
  scope: TokenScope,
): Promise<CreatedToken> {
  requireSession(actor);
  if (name.trim().length === 0) throw new AppError(422, 'validation', 'name: required', 'name');
  const { token, hash, id } = newApiToken();
  await insertToken(db, {
    id,
    user_id: owner.id,
    name,
    scope,
    token_hash: hash,
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  await auditAdmin(db, actor, 'token.create', owner.username, { token: id, name, scope });
  return { id, name, scope, token };
}

/** Own tokens; member admins see their member's, instance admins everyone's. */
export function tokensFor(db: Db, actor: Actor): Promise<ApiToken[]> {
  if (actor.role === 'instance_admin') return listTokens(db, {});
  if (actor.role === 'member_admin') return listTokens(db, { memberId: actor.memberId });
  return listTokens(db, { userId: actor.userId });
}

export async function revokeTokenFor(db: Db, actor: Actor, id: string): Promise<void> {
  requireSession(actor);
  const token = await tokenById(db, id);
  const allowed =
    token &&
    !token.revoked_at &&
    (token.user_id === actor.userId || canManageMember(actor, token.member_id));
  if (!token || !allowed) throw notFound('token');
  await revokeToken(db, id, new Date().toISOString());
  await auditAdmin(db, actor, 'token.revoke', token.name, { token: id });
}
