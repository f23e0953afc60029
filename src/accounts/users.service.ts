import { randomUUID } from 'node:crypto';
import type { User } from '../../contract/accounts.ts';
import type { Db } from '../db/index.ts';
import type { Locale, Role, UsersTable } from '../db/schema.ts';
import { AppError, notFound, requireSession } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { memberByCode, memberById } from '../members/members.repository.ts';
import { canManageMember, isInstanceAdmin, isMemberAdminOf } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import {
  deleteSessionsOfUser,
  insertUser,
  listUsers,
  revokeTokensOfUser,
  updateUser,
  userById,
  userByUsername,
} from './users.repository.ts';

/** An account change and its audit entry, in one transaction (the CLI operator is `cli`). */
export async function auditedAccountChange(
  db: Db,
  actor: Actor | null,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
  change: (trx: Db) => Promise<void>,
  /** The member of the account changed: its member admin reads the entry. */
  about: string | null = null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await change(trx);
    await appendAudit(trx, [
      {
        actor: actor?.username ?? 'cli',
        member: actor?.memberCode ?? null,
        action,
        subject,
        detail,
        about,
      },
    ]);
  });
}

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
  if (member.retired_on)
    throw new AppError(422, 'retired', `member: ${member.code} is retired`, 'member');
  if (actor) {
    requireSession(actor);
    if (!canManageMember(actor, member.id))
      throw new AppError(403, 'forbidden', 'you may not manage users of this member');
    if (input.role === 'instance_admin' && !isInstanceAdmin(actor))
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
    region: null,
    disabled: 0,
    totp_secret: null,
    totp_pending: null,
    totp_last_step: null,
    created_at: new Date().toISOString(),
  };
  await auditedAccountChange(
    db,
    actor,
    'user.create',
    row.username,
    { role: row.role, member: member.code },
    (trx) => insertUser(trx, row),
    member.code,
  );
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
    if (user.role === 'instance_admin' && !isInstanceAdmin(actor))
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
    if (changes.role === 'instance_admin' && actor && !isInstanceAdmin(actor))
      throw new AppError(
        403,
        'forbidden',
        'role: only an instance admin grants instance admin',
        'role',
      );
    set.role = changes.role;
  }
  await auditedAccountChange(
    db,
    actor,
    'user.change',
    user.username,
    { password: changes.password !== undefined, disabled: changes.disabled, role: changes.role },
    async (trx) => {
      await updateUser(trx, user.id, set);
      // A new password or a disabled account ends every open session; a new password also
      // withdraws every API token the old one could have let out.
      if (set.password_hash || changes.disabled) await deleteSessionsOfUser(trx, user.id);
      if (set.password_hash) await revokeTokensOfUser(trx, user.id, new Date().toISOString());
    },
    (await memberById(db, user.member_id))?.code ?? null,
  );
  return { ...user, ...set };
}

export async function usersFor(db: Db, actor: Actor): Promise<User[]> {
  const rows = isInstanceAdmin(actor)
    ? await listUsers(db)
    : isMemberAdminOf(actor, actor.memberId)
      ? await listUsers(db, actor.memberId)
      : null;
  if (!rows) throw new AppError(403, 'forbidden', 'only admins list users');
  return rows.map((u) => ({ ...u, disabled: u.disabled === 1 }));
}

/** What a change to a user answers: who it is now. */
export function presentUserRef(user: UsersTable) {
  return { id: user.id, username: user.username, role: user.role, disabled: user.disabled === 1 };
}
