import type { Db } from '../db/index.ts';
import type { StoredRow } from '../exchange/objects.repository.ts';
import { groupsOfMember, memberById } from '../members/members.repository.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import { AppError } from '../errors.ts';
import {
  defaultReplyAudience,
  replyViolation,
  type AnsweredEnvelope,
  type ReplySharing,
} from '../policy/replies.ts';
import type { Audience } from '../policy/sharing.ts';
import type { Actor } from '../policy/viewer.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import { groupMemberIds, groupSlugOf, recipientsOfVersion } from './knowledge.repository.ts';

/** A stored version's sharing, as the store takes it for a new version or an attachment. */
export interface VersionSharing {
  audience: Audience;
  tlp: TlpLevel;
  federate: boolean;
  answered: AnsweredEnvelope;
  /** The members of its working group, when it is for one. */
  groupMembers: string[];
}

export async function sharingOf(db: Db, row: StoredRow): Promise<VersionSharing> {
  const tlp = isTlpLevel(row.tlp) ? row.tlp : 'amber';
  const recipients = row.audience === 'recipients' ? await recipientsOfVersion(db, row.added) : [];
  const groupMembers = row.audience_group_id ? await groupMemberIds(db, row.audience_group_id) : [];
  let audience: Audience;
  if (row.audience === 'group' && row.audience_group_id) {
    const group = await groupSlugOf(db, row.audience_group_id);
    audience = { kind: 'group', groupId: row.audience_group_id, slug: group?.slug ?? '' };
  } else if (row.audience === 'recipients') {
    audience = {
      kind: 'recipients',
      memberIds: recipients.map((r) => r.id),
      codes: recipients.map((r) => r.code),
    };
  } else {
    audience = row.audience === 'coalition' ? { kind: 'coalition' } : { kind: 'member' };
  }
  return {
    audience,
    tlp,
    federate: row.federate === 1,
    groupMembers,
    answered: {
      ownerId: row.owner_id,
      audience: row.audience,
      groupId: row.audience_group_id,
      recipientIds: recipients.map((r) => r.id),
      tlp,
      federate: row.federate === 1,
    },
  };
}

export interface ReplyChoice {
  audience?: 'same' | AudienceSpec;
  tlp?: TlpLevel;
  federate?: boolean;
}

/**
 * How a reply to `row` is shared: by default the answered object's own sharing as far as the author
 * may use it; what the author asks otherwise is checked never to reach further (policy/replies.ts).
 */
export async function replySharing(
  db: Db,
  actor: Actor,
  row: StoredRow,
  choice: ReplyChoice,
): Promise<ReplySharing> {
  const answered = await sharingOf(db, row);
  let audience: Audience;
  if (choice.audience === undefined || choice.audience === 'same') {
    const mine = await groupsOfMember(db, actor.memberId);
    const slug = answered.audience.kind === 'group' ? answered.audience.slug : '';
    const codes = new Map<string, string>();
    for (const id of [...answered.answered.recipientIds, row.owner_id, ...answered.groupMembers]) {
      if (!codes.has(id)) codes.set(id, (await memberById(db, id))?.code ?? id);
    }
    audience = defaultReplyAudience(
      answered.answered,
      { memberId: actor.memberId, groupIds: new Set(mine.map((g) => g.id)) },
      answered.audience.kind === 'group' ? { slug, memberIds: answered.groupMembers } : null,
      (id) => codes.get(id) ?? id,
    );
  } else {
    audience = await resolveAudience(db, actor, choice.audience);
  }
  const sharing: ReplySharing = {
    audience,
    tlp: choice.tlp ?? answered.tlp,
    federate: choice.federate ?? answered.federate,
  };
  const violation = replyViolation(answered.answered, sharing, new Set(answered.groupMembers));
  if (violation)
    throw new AppError(
      422,
      'tlp_violation',
      `${violation.message} (rule ${violation.rule})`,
      violation.field,
      violation.rule,
    );
  return sharing;
}
