import type { Me } from '../../contract/api.ts';
import { formattingLocale } from '../../contract/regions.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { groupsOfMember, memberById } from '../members/members.repository.ts';
import { presentGroupRef, presentMember } from '../members/members.service.ts';
import type { Actor } from '../policy/viewer.ts';
import { totpState } from './auth.service.ts';
import { recoveryCodesLeft, userById } from './users.repository.ts';
import type { Config } from '../config.ts';
import { needsSecondFactor } from '../policy/roles.ts';

/** Who is signed in: the user, its member and groups, and (for a session) its CSRF token. */
export async function me(
  db: Db,
  actor: Actor,
  csrfToken: string | null,
  requireSecondFactor: Config['requireSecondFactor'] = 'off',
): Promise<Me> {
  const [member, user] = await Promise.all([
    memberById(db, actor.memberId),
    userById(db, actor.userId),
  ]);
  if (!member) throw new AppError(401, 'unauthorized', 'account has no member');
  const [groups, left] = await Promise.all([
    groupsOfMember(db, member.id),
    recoveryCodesLeft(db, actor.userId),
  ]);
  return {
    id: actor.userId,
    username: actor.username,
    role: actor.role,
    locale: user?.locale ?? 'en',
    region: user?.region ?? null,
    formatting_locale: formattingLocale(user?.locale ?? 'en', user?.region ?? null, member.iso2),
    totp: user ? totpState(user) : 'off',
    recovery_codes_left: left,
    second_factor_required:
      needsSecondFactor(actor.role, requireSecondFactor) && !user?.totp_secret,
    member: presentMember(member),
    groups: groups.map(presentGroupRef),
    ...(csrfToken ? { csrfToken } : {}),
  };
}
