import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { groupBySlug, groupsOfMember, membersByCodes } from './members.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import type { Audience } from '../policy/sharing.ts';

/** How an audience is written in the API and the CLI. */
export type AudienceSpec = string | { recipients: string[] };

const unknownAudience = (message: string) =>
  new AppError(422, 'unknown_audience', `audience: ${message}`, 'audience');

/**
 * Resolves `member`, `coalition`, `group:<slug>` or `{"recipients": [codes]}` for a writer. A member
 * can only address a working group it belongs to; a retired member or a closed group is offered for
 * no new record.
 */
export async function resolveAudience(
  db: Db,
  actor: Pick<Actor, 'memberId'>,
  spec: AudienceSpec,
): Promise<Audience> {
  if (typeof spec === 'object' && spec !== null && Array.isArray(spec.recipients)) {
    const codes = [...new Set(spec.recipients.map((c) => String(c).toUpperCase()))];
    const found = await membersByCodes(db, codes);
    const missing = codes.filter((c) => !found.some((m) => m.code === c));
    if (missing.length > 0) {
      throw new AppError(
        422,
        'unknown_member',
        `audience.recipients: unknown member ${missing.join(', ')}`,
        'audience.recipients',
      );
    }
    const retired = found.filter((m) => m.retired_on);
    if (retired.length > 0) {
      throw new AppError(
        422,
        'retired',
        `audience.recipients: member ${retired.map((m) => m.code).join(', ')} is retired`,
        'audience.recipients',
      );
    }
    if (found.length === 0) {
      throw new AppError(
        422,
        'tlp_violation',
        'audience.recipients: name at least one member',
        'audience.recipients',
        'recipients_empty',
      );
    }
    // The owner always sees its own objects; it is not listed as a recipient of itself.
    const others = found.filter((m) => m.id !== actor.memberId);
    return {
      kind: 'recipients',
      memberIds: others.map((m) => m.id),
      codes: others.map((m) => m.code),
    };
  }
  if (spec === 'member') return { kind: 'member' };
  if (spec === 'coalition') return { kind: 'coalition' };
  if (typeof spec === 'string' && spec.startsWith('group:')) {
    const slug = spec.slice('group:'.length);
    const group = await groupBySlug(db, slug);
    if (!group) throw unknownAudience(`no working group "${slug}"`);
    if (group.closed_on)
      throw new AppError(
        422,
        'retired',
        `audience: working group "${slug}" is closed since ${group.closed_on}`,
        'audience',
      );
    const mine = await groupsOfMember(db, actor.memberId);
    if (!mine.some((g) => g.id === group.id)) {
      throw new AppError(
        422,
        'unknown_audience',
        `audience: your member is not a member of working group "${slug}"`,
        'audience',
      );
    }
    return { kind: 'group', groupId: group.id, slug };
  }
  throw unknownAudience(
    'must be "member", "coalition", "group:<slug>" or {"recipients": [member codes]}',
  );
}
