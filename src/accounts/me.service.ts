import type { Me } from '../../contract/api.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { groupsOfMember, memberById } from '../members/members.repository.ts';
import { presentGroupRef, presentMember } from '../members/members.service.ts';
import type { Actor } from '../policy/viewer.ts';
import { totpState } from './auth.service.ts';
import { userById } from './users.repository.ts';

/** Who is signed in: the user, its member and groups, and (for a session) its CSRF token. */
export async function me(db: Db, actor: Actor, csrfToken: string | null): Promise<Me> {
  const [member, user] = await Promise.all([
    memberById(db, actor.memberId),
    userById(db, actor.userId),
  ]);
  if (!member) throw new AppError(401, 'unauthorized', 'account has no member');
  const groups = await groupsOfMember(db, member.id);
  return {
    id: actor.userId,
    username: actor.username,
    role: actor.role,
    locale: user?.locale ?? 'en',
    totp: user ? totpState(user) : 'off',
    member: presentMember(member),
    groups: groups.map(presentGroupRef),
    ...(csrfToken ? { csrfToken } : {}),
  };
}
