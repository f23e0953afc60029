import { randomUUID } from 'node:crypto';
import type { NewNote, NewOpinion, Replies, Reply } from '../../contract/knowledge.ts';
import { OPINIONS, type OpinionValue } from '../../contract/vocabulary.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { auditSensitiveReads } from '../exchange/objects.read.ts';
import { listVisible } from '../exchange/objects.repository.ts';
import { presentObjects } from '../exchange/objects.present.ts';
import { storeObjects, type ObjectSource } from '../exchange/objects.service.ts';
import { loadDirectory, memberById } from '../members/members.repository.ts';
import { ownerCode } from '../members/directory.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { ReplySharing } from '../policy/replies.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { referrers } from './knowledge.repository.ts';
import { replySharing } from './sharing.service.ts';
import { visibleRow } from './references.service.ts';

/** A note's label when it carries the owner's reason for revoking what it is about. */
export const REVOCATION_LABEL = 'revocation';
const REPLIES_SHOWN = 500;

/** Objects nobody answers: definitions, and translations (answer the object translated). */
const UNANSWERABLE = new Set(['marking-definition', 'extension-definition', 'language-content']);

export function sourceOf(actor: Actor): ObjectSource {
  return actor.via === 'session' ? 'local' : 'api';
}

/** A STIX timestamp strictly after `previous` (two versions never share a `modified`). */
export function nextTimestamp(previous?: string): string {
  const now = Date.now();
  const floor = previous ? Date.parse(previous) + 1 : 0;
  return new Date(Number.isNaN(floor) ? now : Math.max(now, floor)).toISOString();
}

/** Notes and opinions on an object that the reader may read, with the author member and dates. */
export async function getReplies(db: Db, actor: Actor, id: string): Promise<Replies> {
  const reader = readerOf(actor);
  const answered = await visibleRow(db, reader, id);
  const refs = await referrers(db, reader, {
    targets: [id],
    sourceTypes: ['note', 'opinion'],
    limit: REPLIES_SHOWN,
  });
  const ids = [...new Set(refs.filter((r) => r.property === 'object_refs').map((r) => r.stix_id))];
  const rows = ids.length ? await listVisible(db, reader, { ids }, ids.length) : [];
  await auditSensitiveReads(db, actor, rows, 'api.replies');
  const directory = await loadDirectory(db);
  const items = await presentObjects(db, rows, directory);
  const answeredOwner = ownerCode(answered, directory);
  const replies: Reply[] = items.map((item) => {
    const o = item.object as Record<string, unknown>;
    const text = (key: string) => (typeof o[key] === 'string' ? { [key]: o[key] as string } : {});
    const labels = Array.isArray(o.labels) ? o.labels : [];
    const opinion = OPINIONS.find((v) => v === o.opinion);
    return {
      id: item.object.id,
      type: item.object.type === 'opinion' ? 'opinion' : 'note',
      owner: item.owner,
      audience: item.audience,
      tlp: item.tlp,
      created: item.object.created ?? item.date_added,
      modified: item.object.modified ?? item.date_added,
      ...text('lang'),
      ...text('abstract'),
      ...text('content'),
      ...text('explanation'),
      ...(opinion ? { opinion } : {}),
      revocation: labels.includes(REVOCATION_LABEL) && item.owner === answeredOwner,
      mine: item.owner === actor.memberCode,
    };
  });
  const byDate = (a: Reply, b: Reply) => a.modified.localeCompare(b.modified);
  const opinions = replies.filter((r) => r.type === 'opinion').sort(byDate);
  // A member's latest opinion counts once: an assessment revised is not a second vote.
  const latest = new Map<string, Reply>();
  for (const o of opinions) latest.set(o.owner, o);
  const tally: Record<string, number> = Object.fromEntries(OPINIONS.map((v) => [v, 0]));
  for (const o of latest.values()) if (o.opinion) tally[o.opinion]! += 1;
  return { notes: replies.filter((r) => r.type === 'note').sort(byDate), opinions, tally };
}

async function storeReply(
  db: Db,
  actor: Actor,
  reply: Record<string, unknown>,
  sharing: ReplySharing,
): Promise<void> {
  const outcome = await storeObjects(db, actor, {
    objects: [reply],
    audience: sharing.audience,
    federate: sharing.federate,
    tlp: sharing.tlp,
    source: sourceOf(actor),
  });
  const rejected = outcome.results.find((r) => r.status === 'rejected');
  if (rejected?.status === 'rejected') {
    const e = rejected.errors[0];
    throw new AppError(
      422,
      'invalid_objects',
      `${e?.path ?? 'reply'}: ${e?.reason ?? 'rejected'}`,
      e?.path,
    );
  }
}

async function answerable(db: Db, actor: Actor, id: string) {
  const row = await visibleRow(db, readerOf(actor), id);
  if (UNANSWERABLE.has(row.type))
    throw new AppError(422, 'validation', `id: a ${row.type} takes no notes or opinions`, 'id');
  const member = await memberById(db, actor.memberId);
  return { row, identity: member!.identity_id };
}

/** A note (STIX 2.1 §4.12) on an object the author may read, shared no wider than it. */
export async function addNote(db: Db, actor: Actor, id: string, input: NewNote): Promise<string> {
  const { row, identity } = await answerable(db, actor, id);
  const sharing = await replySharing(db, actor, row, input);
  const now = nextTimestamp();
  const content = input.content.trim();
  if (!content) throw new AppError(422, 'validation', 'content: write something', 'content');
  const note = {
    type: 'note',
    spec_version: '2.1',
    id: `note--${randomUUID()}`,
    created: now,
    modified: now,
    created_by_ref: identity,
    ...(input.abstract?.trim() ? { abstract: input.abstract.trim() } : {}),
    content,
    lang: input.lang,
    object_refs: [id],
    object_marking_refs: [TLP2_MARKING_IDS[sharing.tlp]],
  };
  await storeReply(db, actor, note, sharing);
  return note.id;
}

/**
 * An opinion (STIX 2.1 §4.14) on an object. A member holds one opinion per object: asked again, it
 * writes a new version of the one it holds.
 */
export async function addOpinion(
  db: Db,
  actor: Actor,
  id: string,
  input: NewOpinion,
): Promise<string> {
  const { row, identity } = await answerable(db, actor, id);
  const sharing = await replySharing(db, actor, row, input);
  const reader = readerOf(actor);
  const refs = await referrers(db, reader, {
    targets: [id],
    sourceTypes: ['opinion'],
    limit: REPLIES_SHOWN,
  });
  const ids = [...new Set(refs.map((r) => r.stix_id))];
  const held = ids.length
    ? (await listVisible(db, reader, { ids, ownerId: actor.memberId }, ids.length)).at(-1)
    : undefined;
  const previous = held ? (JSON.parse(held.body) as Record<string, unknown>) : undefined;
  const modified = nextTimestamp(previous?.modified as string | undefined);
  const explanation = input.explanation?.trim();
  const opinion = {
    type: 'opinion',
    spec_version: '2.1',
    id: (previous?.id as string | undefined) ?? `opinion--${randomUUID()}`,
    created: (previous?.created as string | undefined) ?? modified,
    modified,
    created_by_ref: identity,
    opinion: input.opinion satisfies OpinionValue,
    ...(explanation ? { explanation } : {}),
    ...(input.lang ? { lang: input.lang } : {}),
    object_refs: [id],
    object_marking_refs: [TLP2_MARKING_IDS[sharing.tlp]],
  };
  await storeReply(db, actor, opinion, sharing);
  return opinion.id;
}
