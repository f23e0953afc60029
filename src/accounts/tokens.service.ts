import type { ApiToken, CreatedToken, TokenScope } from '../../contract/api.ts';
import type { Db } from '../db/index.ts';
import type { UsersTable } from '../db/schema.ts';
import { AppError, notFound, requireSession } from '../errors.ts';
import { canManageMember, isInstanceAdmin, isMemberAdminOf } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { memberById } from '../members/members.repository.ts';
import { newApiToken } from './auth.service.ts';
import { auditedAccountChange } from './users.service.ts';
import { insertToken, listTokens, revokeToken, tokenById, userById } from './users.repository.ts';

/** A new API token for `owner`, shown once and stored hashed. */
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
  await auditedAccountChange(
    db,
    actor,
    'token.create',
    owner.username,
    { token: id, name, scope },
    (trx) =>
      insertToken(trx, {
        id,
        user_id: owner.id,
        name,
        scope,
        token_hash: hash,
        created_at: new Date().toISOString(),
        last_used_at: null,
        revoked_at: null,
      }),
    (await memberById(db, owner.member_id))?.code ?? null,
  );
  return { id, name, scope, token };
}

/** A token for the signed-in user itself. */
export async function createOwnToken(
  db: Db,
  actor: Actor,
  name: string,
  scope: TokenScope,
): Promise<CreatedToken> {
  requireSession(actor);
  const owner = await userById(db, actor.userId);
  if (!owner) throw new AppError(401, 'unauthorized', 'log in again');
  return createToken(db, actor, owner, name, scope);
}

/** Own tokens; member admins see their member's, instance admins everyone's. */
export function tokensFor(db: Db, actor: Actor): Promise<ApiToken[]> {
  if (isInstanceAdmin(actor)) return listTokens(db, {});
  if (isMemberAdminOf(actor, actor.memberId)) return listTokens(db, { memberId: actor.memberId });
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
  await auditedAccountChange(
    db,
    actor,
    'token.revoke',
    token.name,
    { token: id },
    (trx) => revokeToken(trx, id, new Date().toISOString()),
    (await memberById(db, token.member_id))?.code ?? null,
  );
}
