import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { AppError, notFound } from '../errors.ts';
import { memberByCode } from '../members/members.repository.ts';
import { parseMicros } from '../stix/timestamp.ts';
import { TLP_LEVELS } from '../stix/tlp.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  listVisible,
  versionsVisible,
  visibleObjectsQuery,
  type ObjectFilter,
  type StoredRow,
} from './objects.repository.ts';
import type { ObjectDetail, Tlp, Translation } from '../../contract/api.ts';
import { ownerCode } from '../members/directory.ts';
import { loadDirectory } from '../members/members.repository.ts';
import { formatMicros } from '../stix/timestamp.ts';
import { presentObjects, type ObjectItem } from './objects.present.ts';

/** FIRST TLP 2.0: reads of AMBER+STRICT and RED are written to the audit log. */
const AUDITED_READS = new Set(['amber+strict', 'red']);

export async function auditSensitiveReads(
  db: Db,
  actor: Actor,
  rows: Pick<StoredRow, 'stix_id' | 'version' | 'tlp'>[],
  surface: string,
): Promise<void> {
  const sensitive = rows.filter((r) => AUDITED_READS.has(r.tlp));
  if (sensitive.length === 0) return;
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'objects.read',
        subject: sensitive.length === 1 ? sensitive[0]!.stix_id : null,
        detail: {
          surface,
          versions: sensitive.map((r) => `${r.stix_id}@${r.version}`),
          tlp: [...new Set(sensitive.map((r) => r.tlp))],
        },
      },
    ]),
  );
}

export function encodeCursor(added: number): string {
  return Buffer.from(String(added)).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'cursor'): number {
  const value = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(value) || value < 0)
    throw new AppError(400, 'validation', `${field}: not a cursor this server issued`, field);
  return value;
}

export interface Page {
  items: ObjectItem[];
  next: string | null;
}

/** Oldest first by default (what a synchronising client wants); newest first for people. */
export async function listObjects(
  db: Db,
  actor: Actor,
  filter: ObjectFilter,
  limit: number,
  cursor?: string,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page> {
  const at = cursor ? decodeCursor(cursor) : undefined;
  const rows =
    order === 'asc'
      ? await listVisible(db, readerOf(actor), { ...filter, addedAfterCursor: at }, limit + 1)
      : await visibleObjectsQuery(db, readerOf(actor), filter)
          .selectAll('o')
          .$if(at !== undefined, (q) => q.where('o.added', '<', at!))
          .orderBy('o.added', 'desc')
          .limit(limit + 1)
          .execute();
  const page = rows.slice(0, limit);
  await auditSensitiveReads(db, actor, page, 'api.list');
  return {
    items: await presentObjects(db, page),
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!.added) : null,
  };
}

/** Latest visible version, with the translations (language-content, STIX 2.1 §7.1) it may see. */
export async function getObject(db: Db, actor: Actor, stixId: string): Promise<ObjectDetail> {
  const reader = readerOf(actor);
  const [row] = await listVisible(db, reader, { ids: [stixId] }, 1);
  if (!row) throw notFound();
  const contents = await visibleObjectsQuery(db, reader, { types: ['language-content'] })
    .where('o.refers_to', '=', stixId)
    // A withdrawn (revoked) translation no longer speaks for the object.
    .where('o.revoked', '=', 0)
    .selectAll('o')
    .orderBy('o.added')
    .execute();
  // Only the owner's language-content is the object's translation; another member's is a
  // contribution, shown apart and attributed (it must never pass for the owner's words).
  const translations: ObjectDetail['translations'] = {};
  const contributed: { row: StoredRow; lang: string; fields: Translation }[] = [];
  for (const lc of contents) {
    const body = JSON.parse(lc.body) as { contents?: Record<string, Record<string, unknown>> };
    for (const [lang, fields] of Object.entries(body.contents ?? {})) {
      const text = translationOf(fields);
      if (lc.owner_id === row.owner_id) translations[lang] = text;
      else contributed.push({ row: lc, lang, fields: text });
    }
  }
  const object = JSON.parse(row.body) as Record<string, unknown>;
  if (typeof object.lang === 'string' && !translations[object.lang]) {
    translations[object.lang] = translationOf(object);
  }
  await auditSensitiveReads(db, actor, [row, ...contributed.map((c) => c.row)], 'api.get');
  const directory = await loadDirectory(db);
  const [item] = await presentObjects(db, [row], directory);
  const contributions = contributed.map(({ row: lc, lang, fields }) => ({
    id: lc.stix_id,
    lang,
    owner: ownerCode(lc, directory),
    tlp: lc.tlp as Tlp,
    date_added: formatMicros(lc.added),
    ...fields,
  }));
  return { ...item!, translations, contributions };
}

function translationOf(fields: Record<string, unknown>): Translation {
  return {
    ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
    ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
  };
}

export async function getVersions(db: Db, actor: Actor, stixId: string): Promise<ObjectItem[]> {
  const rows = await versionsVisible(db, readerOf(actor), stixId);
  if (rows.length === 0) throw notFound();
  await auditSensitiveReads(db, actor, rows, 'api.versions');
  return presentObjects(db, rows);
}

/** Rows of an export page: small enough that one query never holds the event loop for long. */
const EXPORT_PAGE = 500;

/**
 * A STIX 2.1 bundle of every visible object matching, streamed page by page: stored JSON goes out
 * as stored, without a parse. The consumer pulls each page (back-pressure), and the export yields
 * to other requests between pages: SQLite queries are synchronous, and one export of a large store
 * must not stop the server. Writes one audit entry for the export, and one per page that carried
 * AMBER+STRICT or RED versions.
 */
export async function* exportBundle(
  db: Db,
  actor: Actor,
  filter: ObjectFilter,
  surface = 'api.export',
): AsyncGenerator<string> {
  yield `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`;
  let after: number | undefined;
  let count = 0;
  const reader = readerOf(actor);
  for (;;) {
    // Each page in a turn of its own: a whole export never holds the server (see db/turns.ts).
    const rows = await inTurn('long', async () => {
      const page = await listVisible(
        db,
        reader,
        { ...filter, addedAfterCursor: after },
        EXPORT_PAGE,
      );
      await auditSensitiveReads(db, actor, page, surface);
      return page;
    });
    if (rows.length === 0) break;
    yield (count > 0 ? ',' : '') + rows.map((r) => r.body).join(',');
    count += rows.length;
    after = rows[rows.length - 1]!.added;
    if (rows.length < EXPORT_PAGE) break;
  }
  yield ']}';
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'objects.export',
        subject: null,
        detail: { surface, objects: count, filter: { ...filter } },
      },
    ]),
  );
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

/** The list and export filters of the REST API, as the query builder takes them. */
export async function objectFilter(
  db: Db,
  q: { type?: string; exclude_type?: string; tlp?: string; owner?: string; added_after?: string },
): Promise<ObjectFilter> {
  const tlp = list(q.tlp);
  const bad = tlp?.find((t) => !(TLP_LEVELS as readonly string[]).includes(t));
  if (bad)
    throw new AppError(
      400,
      'validation',
      `tlp: unknown level "${bad}" (use ${TLP_LEVELS.join(', ')})`,
      'tlp',
    );
  let ownerId: string | undefined;
  if (q.owner) {
    const owner = await memberByCode(db, q.owner);
    if (!owner) throw new AppError(400, 'unknown_member', `owner: no member ${q.owner}`, 'owner');
    ownerId = owner.id;
  }
  let addedAfter: number | undefined;
  if (q.added_after) {
    addedAfter = parseMicros(q.added_after);
    if (addedAfter === undefined)
      throw new AppError(
        400,
        'validation',
        'added_after: must be an RFC 3339 UTC timestamp',
        'added_after',
      );
  }
  return { types: list(q.type), excludeTypes: list(q.exclude_type), tlp, ownerId, addedAfter };
}
