import { tlpLabel, tlpRank, type TlpLevel } from '../stix/tlp.ts';
import type { Audience, SharingViolation } from './sharing.ts';
import type { AudienceKind } from '../../contract/vocabulary.ts';

/** The sharing of the version a reply (a note, an opinion, a revocation reason) answers. */
export interface AnsweredEnvelope {
  ownerId: string;
  audience: AudienceKind;
  groupId: string | null;
  /** The members a `recipients` version names. */
  recipientIds: readonly string[];
  tlp: TlpLevel;
  federate: boolean;
}

/** How a reply is shared. */
export interface ReplySharing {
  audience: Audience;
  tlp: TlpLevel;
  federate: boolean;
}

/**
 * A reply names the object it answers (`object_refs`), so it must never reach a member that may not
 * read that object, nor be marked less strictly, nor leave the instance when the object may not:
 * anyone who reads the reply would learn that the object exists, and what was said about it.
 * `groupMembers` are the members of the answered object's working group (when it has one).
 */
export function replyViolation(
  answered: AnsweredEnvelope,
  reply: ReplySharing,
  groupMembers: ReadonlySet<string> = new Set(),
): SharingViolation | null {
  if (tlpRank(reply.tlp) < tlpRank(answered.tlp)) {
    return {
      rule: 'reply_tlp_lower',
      field: 'tlp',
      message: `tlp: a reply is marked at least as strictly as what it answers (${tlpLabel(answered.tlp)})`,
    };
  }
  if (reply.federate && !answered.federate) {
    return {
      rule: 'reply_federate',
      field: 'federate',
      message: 'federate: what it answers stays on this instance, so the reply does too',
    };
  }
  if (!audienceWithin(answered, reply.audience, groupMembers)) {
    return {
      rule: 'reply_audience_wider',
      field: 'audience',
      message: 'audience: a reply may only reach members who may read what it answers',
    };
  }
  return null;
}

/** Whether every member `audience` reaches may read the answered object. */
export function audienceWithin(
  answered: AnsweredEnvelope,
  audience: Audience,
  groupMembers: ReadonlySet<string>,
): boolean {
  if (audience.kind === 'member') return true;
  if (answered.audience === 'coalition') return true;
  if (audience.kind === 'coalition') return false;
  if (audience.kind === 'group')
    return answered.audience === 'group' && answered.groupId === audience.groupId;
  const readers = new Set<string>([answered.ownerId]);
  if (answered.audience === 'recipients') for (const id of answered.recipientIds) readers.add(id);
  if (answered.audience === 'group') for (const id of groupMembers) readers.add(id);
  return audience.memberIds.every((id) => readers.has(id));
}

/**
 * The widest sharing a reply may have by default: the answered object's own, as the author may
 * write it. A working group the author is not a member of, or a list of recipients without the
 * author, becomes the list of the others; the author's own member when nobody else is left.
 */
export function defaultReplyAudience(
  answered: AnsweredEnvelope,
  author: { memberId: string; groupIds: ReadonlySet<string> },
  group: { slug: string; memberIds: readonly string[] } | null,
  codeOf: (memberId: string) => string,
): Audience {
  const others = (ids: readonly string[]) => {
    const list = [...new Set(ids)].filter((id) => id !== author.memberId);
    return list.length > 0
      ? ({ kind: 'recipients', memberIds: list, codes: list.map(codeOf) } as const)
      : ({ kind: 'member' } as const);
  };
  switch (answered.audience) {
    case 'coalition':
      return { kind: 'coalition' };
    case 'group':
      if (group && answered.groupId && author.groupIds.has(answered.groupId))
        return { kind: 'group', groupId: answered.groupId, slug: group.slug };
      return others([answered.ownerId, ...(group?.memberIds ?? [])]);
    case 'recipients':
      return others([answered.ownerId, ...answered.recipientIds]);
    default:
      return others([answered.ownerId]);
  }
}
