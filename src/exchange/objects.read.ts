import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  listVisible,
  versionsVisible,
  visibleObjectsQuery,
  type ObjectFilter,
  type StoredRow,
} from './objects.repository.ts';
import type { ObjectDetail } from '../../contract/api.ts';
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
    .select('o.body')
    .orderBy('o.added')
    .execute();
  const translations: ObjectDetail['translations'] = {};
  for (const { body } of contents) {
    const lc = JSON.parse(body) as { contents?: Record<string, Record<string, unknown>> };
    for (const [lang, fields] of Object.entries(lc.contents ?? {})) {
      translations[lang] = {
        ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
        ...(typeof fields.description === 'string' ? { description: fields.description } : {}),
      };
    }
  }
  const object = JSON.parse(row.body) as Record<string, unknown>;
  if (typeof object.lang === 'string' && !translations[object.lang]) {
    translations[object.lang] = {
      ...(typeof object.name === 'string' ? { name: object.name } : {}),
      ...(typeof object.description === 'string' ? { description: object.description } : {}),
    };
  }
  await auditSensitiveReads(db, actor, [row], 'api.get');
  const [item] = await presentObjects(db, [row]);
  return { ...item!, translations };
}

export async function getVersions(db: Db, actor: Actor, stixId: string): Promise<ObjectItem[]> {
  const rows = await versionsVisible(db, readerOf(actor), stixId);
  if (rows.length === 0) throw notFound();
  await auditSensitiveReads(db, actor, rows, 'api.versions');
  return presentObjects(db, rows);
}

/**
 * A STIX 2.1 bundle of every visible object matching, streamed page by page: stored JSON goes out
 * as stored, without a parse. Writes one audit entry for the export and one for sensitive reads.
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
  const sensitive: StoredRow[] = [];
  for (;;) {
    const rows = await listVisible(
      db,
      readerOf(actor),
      { ...filter, addedAfterCursor: after },
      1000,
    );
    if (rows.length === 0) break;
    yield (count > 0 ? ',' : '') + rows.map((r) => r.body).join(',');
    count += rows.length;
    sensitive.push(...rows.filter((r) => AUDITED_READS.has(r.tlp)));
    after = rows[rows.length - 1]!.added;
    if (rows.length < 1000) break;
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
  await auditSensitiveReads(db, actor, sensitive, surface);
}
