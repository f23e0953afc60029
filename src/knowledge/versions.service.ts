import { randomUUID } from 'node:crypto';
import type { HistoryVersion, NewVersion, Revocation } from '../../contract/knowledge.ts';
import { LOCALES, type Locale } from '../../contract/vocabulary.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { auditSensitiveReads } from '../exchange/objects.read.ts';
import { versionsVisible, type StoredRow } from '../exchange/objects.repository.ts';
import { storeObjects, storeObjectsIn, type StoreOutcome } from '../exchange/objects.service.ts';
import { memberById } from '../members/members.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { formatMicros, isStixTimestamp, versionKey } from '../stix/timestamp.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { categoryOf, REQUIRED } from '../stix/types.ts';
import { translationVersions } from './knowledge.repository.ts';
import { visibleRow } from './references.service.ts';
import { nextTimestamp, REVOCATION_LABEL, sourceOf } from './replies.service.ts';
import { sharingOf } from './sharing.service.ts';

type Texts = Partial<Record<Locale, string>>;
type Body = Record<string, unknown>;

/** Types whose owner writes versions in the UI: definitions and translations are not among them. */
const NOT_EDITED = new Set(['marking-definition', 'extension-definition', 'language-content']);
/** Types whose references the owner chooses when editing. */
const WITH_REFS = new Set(['report', 'grouping']);

function texts(fields: Body): { name?: string; description?: string } {
  return {
    ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
    ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
  };
}

/**
 * Every version of an object the reader may read, each with the owner's translations as they stood
 * for it (the language-content version written for that `modified`, else the latest before it).
 */
export async function getHistory(db: Db, actor: Actor, id: string): Promise<HistoryVersion[]> {
  const reader = readerOf(actor);
  const rows = await versionsVisible(db, reader, id);
  if (rows.length === 0) throw notFound();
  await auditSensitiveReads(db, actor, rows, 'api.history');
  const translations = await translationVersions(db, reader, id);
  return rows.map((row) => {
    const object = JSON.parse(row.body) as Body;
    const modified =
      typeof object.modified === 'string' ? object.modified : formatMicros(row.added);
    const key = isStixTimestamp(modified) ? versionKey(modified) : modified;
    const byLc = new Map<string, Body>();
    for (const lc of translations) {
      if (lc.owner_id !== row.owner_id) continue;
      const body = JSON.parse(lc.body) as Body;
      const forThis = body.object_modified === modified;
      const before = lc.version <= key;
      const current = byLc.get(lc.stix_id);
      if (forThis || (before && current?.object_modified !== modified))
        byLc.set(lc.stix_id, lc.revoked === 1 ? {} : body);
    }
    const out: HistoryVersion['translations'] = {};
    for (const body of byLc.values()) {
      const contents = body.contents;
      if (typeof contents !== 'object' || contents === null) continue;
      for (const [lang, fields] of Object.entries(contents as Record<string, Body>))
        if (typeof fields === 'object' && fields !== null) out[lang] = texts(fields);
    }
    if (typeof object.lang === 'string') out[object.lang] = texts(object);
    return {
      modified,
      date_added: formatMicros(row.added),
      revoked: row.revoked === 1,
      tlp: row.tlp as HistoryVersion['tlp'],
      object,
      translations: out,
    };
  });
}

async function ownedLatest(
  db: Db,
  actor: Actor,
  id: string,
): Promise<{ row: StoredRow; body: Body }> {
  const row = await visibleRow(db, readerOf(actor), id);
  if (row.owner_id !== actor.memberId)
    throw new AppError(
      403,
      'not_owner',
      'id: only the member that owns this object adds versions of it',
      'id',
    );
  const body = JSON.parse(row.body) as Body;
  if (categoryOf(row.type) === 'sco' || typeof body.modified !== 'string')
    throw new AppError(422, 'validation', 'id: an observable has no versions', 'id');
  if (NOT_EDITED.has(row.type))
    throw new AppError(422, 'validation', `id: a ${row.type} is not edited here`, 'id');
  if (body.revoked === true)
    throw new AppError(409, 'conflict', 'id: a revoked object takes no new version', 'id');
  return { row, body };
}

function filled(values: Texts | undefined): Texts {
  const out: Texts = {};
  for (const l of LOCALES) {
    const v = values?.[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

function rejectedOf(outcome: StoreOutcome): void {
  const rejected = outcome.results.find((r) => r.status === 'rejected');
  if (rejected?.status === 'rejected') {
    const e = rejected.errors[0];
    throw new AppError(
      422,
      'invalid_objects',
      `${e?.path || 'object'}: ${e?.reason ?? 'rejected'}`,
      e?.path,
    );
  }
}

/**
 * A new version written by the owner (a new `modified`): its texts in the chosen languages — the
 * first in the object, the others in the owner's language-content, itself given a new version —
 * and, for a report, its references. Sharing stays that of the version edited.
 */
export async function addVersion(
  db: Db,
  actor: Actor,
  id: string,
  input: NewVersion,
): Promise<string> {
  const { row, body } = await ownedLatest(db, actor, id);
  if (
    !isStixTimestamp(input.base) ||
    versionKey(input.base) !== versionKey(body.modified as string)
  )
    throw new AppError(
      409,
      'conflict',
      'base: this object has a newer version than the one edited; reload it and edit again',
      'base',
    );
  const names = filled(input.names);
  const descriptions = filled(input.descriptions);
  const named = typeof body.name === 'string' || (REQUIRED[row.type] ?? []).includes('name');
  const langs = LOCALES.filter((l) => names[l] || (!named && descriptions[l]));
  if (named && langs.length === 0)
    throw new AppError(
      422,
      'validation',
      'names: give the object a name in at least one language',
      'names',
    );
  for (const l of LOCALES)
    if (named && descriptions[l] && !names[l])
      throw new AppError(
        422,
        'validation',
        `names.${l}: a description in this language needs a name too`,
        `names.${l}`,
      );
  const current = typeof body.lang === 'string' ? (body.lang as Locale) : undefined;
  const primary =
    input.primary && langs.includes(input.primary)
      ? input.primary
      : current && langs.includes(current)
        ? current
        : langs[0];
  const modified = nextTimestamp(body.modified as string);
  const next: Body = { ...body, modified };
  if (primary) {
    if (named) next.name = names[primary];
    if (descriptions[primary]) next.description = descriptions[primary];
    else delete next.description;
    if (langs.length > 1 || current) next.lang = primary;
  }
  if (input.object_refs) {
    if (!WITH_REFS.has(row.type))
      throw new AppError(
        422,
        'validation',
        `object_refs: a ${row.type} has no references to choose`,
        'object_refs',
      );
    next.object_refs = [...new Set(input.object_refs)];
  }

  const objects: Body[] = [next];
  const others = langs.filter((l) => l !== primary);
  const lcs = (await translationVersions(db, readerOf(actor), id)).filter(
    (lc) => lc.owner_id === actor.memberId,
  );
  const latestLc = lcs.at(-1);
  const lcBody =
    latestLc && latestLc.revoked === 0 ? (JSON.parse(latestLc.body) as Body) : undefined;
  const contents = Object.fromEntries(
    others.map((l) => [
      l,
      {
        ...(named ? { name: names[l] } : {}),
        ...(descriptions[l] ? { description: descriptions[l] } : {}),
      },
    ]),
  );
  if (others.length > 0) {
    const member = await memberById(db, actor.memberId);
    objects.push({
      ...(lcBody ?? {
        type: 'language-content',
        spec_version: '2.1',
        id: `language-content--${randomUUID()}`,
        created: modified,
        created_by_ref: member!.identity_id,
        object_ref: id,
      }),
      modified: nextTimestamp(lcBody?.modified as string | undefined),
      object_modified: modified,
      contents,
      object_marking_refs: body.object_marking_refs ?? [TLP2_MARKING_IDS[row.tlp as 'amber']],
    });
  } else if (lcBody) {
    // No other language any more: the translation is withdrawn, not left to contradict the object.
    objects.push({ ...lcBody, modified: nextTimestamp(lcBody.modified as string), revoked: true });
  }
  const sharing = await sharingOf(db, row);
  rejectedOf(
    await storeObjects(db, actor, {
      objects,
      audience: sharing.audience,
      federate: sharing.federate,
      tlp: sharing.tlp,
      source: sourceOf(actor),
    }),
  );
  return id;
}

/**
 * The owner revokes an object (STIX 2.1 §3.6): a last version with `revoked: true`, and the reason
 * as the owner's note on it, under the same sharing; audited in the same transaction.
 */
export async function revokeObject(
  db: Db,
  actor: Actor,
  id: string,
  input: Revocation,
): Promise<string> {
  const { row, body } = await ownedLatest(db, actor, id);
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError(422, 'validation', 'reason: say why the object is revoked', 'reason');
  const member = await memberById(db, actor.memberId);
  const modified = nextTimestamp(body.modified as string);
  const note = {
    type: 'note',
    spec_version: '2.1',
    id: `note--${randomUUID()}`,
    created: modified,
    modified,
    created_by_ref: member!.identity_id,
    content: reason,
    lang: input.lang,
    labels: [REVOCATION_LABEL],
    object_refs: [id],
    object_marking_refs: [TLP2_MARKING_IDS[row.tlp as 'amber']],
  };
  const sharing = await sharingOf(db, row);
  await db.transaction().execute(async (trx) => {
    rejectedOf(
      await storeObjectsIn(trx, actor, {
        objects: [{ ...body, modified, revoked: true }, note],
        audience: sharing.audience,
        federate: sharing.federate,
        tlp: sharing.tlp,
        source: sourceOf(actor),
      }),
    );
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'objects.revoke',
        subject: id,
        detail: { reason: reason.slice(0, 500), note: note.id },
      },
    ]);
  });
  return id;
}
