import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { AppError, notFound } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { auditSensitiveReads, encodeCursor } from '../exchange/objects.read.ts';
import { storeInPieces, type ObjectResult } from '../exchange/objects.service.ts';
import { removeProjections } from '../exchange/projections.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { Reader } from '../policy/access.ts';
import { formatMicros } from '../stix/timestamp.ts';
import type { Collection } from './collections.ts';
import { parseQuery, type Query } from './filters.ts';
import { STIX_MEDIA } from './media.ts';
import {
  deleteVersions,
  insertStatus,
  ownersOf,
  pageOfManifest,
  pageOfRows,
  statusById,
  type PageQuery,
} from './taxii.repository.ts';

/** What a TAXII list answer carries besides its body: the X-TAXII-Date-Added-* headers (§3.3). */
export interface Listing<T> {
  body: T;
  first: string | null;
  last: string | null;
}

/** Stored version keys have nine fractional digits; clients see the usual form (at least ms). */
export function presentVersion(key: string, added: number): string {
  if (key === '') return formatMicros(added);
  const m = /^(.*)\.(\d{9})Z$/.exec(key);
  if (!m) return key;
  const fraction = m[2]!.replace(/0+$/, '').padEnd(3, '0');
  return `${m[1]}.${fraction}Z`;
}

function pageQuery(
  actor: Actor,
  coll: Collection,
  q: Query,
  versionDefault: 'last' | 'all',
  allowVersion = true,
  id?: string,
): PageQuery {
  const parsed = parseQuery(q, { versionDefault, allowVersion });
  const filter = { ...parsed.filter, audience: coll.scope, ...(id ? { ids: [id] } : {}) };
  return {
    reader: collectionReader(actor, coll),
    filter,
    specVersions: parsed.specVersions,
    limit: parsed.limit,
  };
}

/** The actor's reader, narrowed to federable versions when the request asked for them (a peer). */
function collectionReader(actor: Actor, coll: Collection): Reader {
  const reader = readerOf(actor);
  return coll.federableOnly ? { ...reader, federableOnly: true } : reader;
}

function edges(rows: { added: number }[]): { first: string | null; last: string | null } {
  return {
    first: rows[0] ? formatMicros(rows[0].added) : null,
    last: rows.length ? formatMicros(rows[rows.length - 1]!.added) : null,
  };
}

/**
 * §5.4 Get Objects: an envelope written from the stored JSON text, so objects leave exactly as
 * they were stored (no parse and re-serialise).
 */
export async function getObjects(
  db: Db,
  actor: Actor,
  coll: Collection,
  q: Query,
  id?: string,
): Promise<Listing<string>> {
  const p = pageQuery(actor, coll, q, 'last', true, id);
  const { rows, more } = await inTurn('short', async () => {
    const page = await pageOfRows(db, p);
    if (id && page.rows.length === 0) await mustExist(db, actor, coll, id);
    await auditSensitiveReads(db, actor, page.rows, id ? 'taxii.object' : 'taxii.objects');
    return page;
  });
  const next = more ? `,"next":${JSON.stringify(encodeCursor(rows[rows.length - 1]!.added))}` : '';
  const objects = rows.length ? `,"objects":[${rows.map((r) => r.body).join(',')}]` : '';
  return { body: `{"more":${more}${next}${objects}}`, ...edges(rows) };
}

async function mustExist(db: Db, actor: Actor, coll: Collection, id: string): Promise<void> {
  const any = await pageOfManifest(db, {
    reader: collectionReader(actor, coll),
    filter: { ids: [id], audience: coll.scope, versionMatch: {} },
    limit: 1,
  });
  if (any.rows.length === 0) throw notFound();
}

/** §5.3 Get Object Manifests; `x_tansiq_tlp` tells a peer the level each version is held at. */
export async function getManifest(db: Db, actor: Actor, coll: Collection, q: Query) {
  const p = pageQuery(actor, coll, q, 'last');
  const { rows, more } = await inTurn('short', async () => {
    const page = await pageOfManifest(db, p);
    // Even without the objects, a manifest tells that AMBER+STRICT and RED versions exist and when.
    await auditSensitiveReads(db, actor, page.rows, 'taxii.manifest');
    return page;
  });
  const body = {
    more,
    ...(more ? { next: encodeCursor(rows[rows.length - 1]!.added) } : {}),
    ...(rows.length
      ? {
          objects: rows.map((r) => ({
            id: r.stix_id,
            date_added: formatMicros(r.added),
            version: presentVersion(r.version, r.added),
            media_type: STIX_MEDIA,
            x_tansiq_tlp: r.tlp,
          })),
        }
      : {}),
  };
  return { body, ...edges(rows) };
}

/** §5.8 Get Object Versions: every visible version, by date_added. */
export async function getVersions(db: Db, actor: Actor, coll: Collection, id: string, q: Query) {
  const p = pageQuery(actor, coll, q, 'all', false, id);
  const { rows, more } = await inTurn('short', async () => {
    const page = await pageOfManifest(db, p);
    if (page.rows.length === 0) await mustExist(db, actor, coll, id);
    await auditSensitiveReads(db, actor, page.rows, 'taxii.versions');
    return page;
  });
  const body = {
    more,
    ...(more ? { next: encodeCursor(rows[rows.length - 1]!.added) } : {}),
    ...(rows.length ? { versions: rows.map((r) => presentVersion(r.version, r.added)) } : {}),
  };
  return { body, ...edges(rows) };
}

/** §5.6 Delete an Object: only the owner member; every matching version goes (default: all). */
export async function deleteObject(
  db: Db,
  actor: Actor,
  coll: Collection,
  id: string,
  q: Query,
): Promise<void> {
  const refuse = async (e: AppError): Promise<never> => {
    await db.transaction().execute((trx) =>
      appendAudit(trx, [
        {
          actor: actor.username,
          member: actor.memberCode,
          action: 'objects.delete.refused',
          subject: id.slice(0, 300),
          detail: { surface: 'taxii', reason: e.code },
        },
      ]),
    );
    throw e;
  };
  if (!coll.canDelete)
    await refuse(new AppError(403, 'forbidden', 'you may not delete objects in this collection'));
  const p = pageQuery(actor, coll, { ...q, limit: undefined }, 'all', true, id);
  const filter = { ...p.filter, audience: undefined };
  await mustExist(db, actor, coll, id);
  const { rows: visible } = await pageOfManifest(db, { ...p, filter, limit: 100_000 });
  if (visible.length === 0) throw notFound();
  const owned = await ownersOf(
    db,
    visible.map((r) => r.added),
  );
  // An observable several members hold is deleted from the requester's own holding only.
  const rows = visible.filter((r) => {
    const o = owned.get(r.added);
    return o && (o.holder === '' || o.owner_id === actor.memberId);
  });
  if (rows.length === 0 || rows.some((r) => owned.get(r.added)?.owner_id !== actor.memberId))
    await refuse(
      new AppError(403, 'not_owner', 'only the member that owns this object deletes it'),
    );
  await db.transaction().execute(async (trx) => {
    const added = rows.map((r) => r.added);
    await removeProjections(trx, added);
    await deleteVersions(trx, added);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'objects.delete',
        subject: id,
        detail: { surface: 'taxii', versions: rows.map((r) => `${r.stix_id}@${r.version}`) },
      },
    ]);
  });
}

interface StatusDetails {
  id: string;
  version: string;
  message?: string;
}

/** §4.3 status resource. Everything is processed before the answer, so it is always complete. */
export interface Status {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: StatusDetails[];
  failure_count: number;
  failures: StatusDetails[];
  pending_count: 0;
  pendings: StatusDetails[];
}

function versionOf(input: unknown): string {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const v = o.modified ?? o.created;
  // A timestamp is short; anything longer is not one, and is not echoed back.
  return typeof v === 'string' && v.length <= 40 ? v : '';
}

const STATUS_KEEP_MS = 7 * 24 * 3600 * 1000;

/** §5.5 Add Objects: the collection's audience; an exact duplicate is a success, not a failure. */
export async function addObjects(
  db: Db,
  actor: Actor,
  coll: Collection,
  envelope: unknown,
  itemLimit: number,
): Promise<Status> {
  if (!coll.canWrite || !coll.audience)
    throw new AppError(403, 'forbidden', 'you may not write to this collection');
  const objects = (envelope as { objects?: unknown } | null)?.objects;
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    Array.isArray(envelope) ||
    !Array.isArray(objects)
  ) {
    throw new AppError(
      422,
      'invalid_objects',
      'body: must be a TAXII envelope {"objects": [...]}',
      'objects',
    );
  }
  if (objects.length > itemLimit)
    throw new AppError(
      413,
      'payload_too_large',
      `objects: at most ${itemLimit} objects per envelope (this one has ${objects.length}); split it`,
      'objects',
    );
  const requested = new Date();
  // An envelope may repeat an object (the same id and version): the repeat is a duplicate, and a
  // repeat with other content a failure; the store sees each version once.
  const firstAt = new Map<string, number>();
  const repeats: { index: number; same: boolean }[] = [];
  const unique: number[] = [];
  objects.forEach((o, index) => {
    const rec = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
    if (typeof rec.id !== 'string') {
      unique.push(index);
      return;
    }
    const k = `${rec.id}\u0000${versionOf(o)}`;
    const first = firstAt.get(k);
    if (first === undefined) {
      firstAt.set(k, index);
      unique.push(index);
      return;
    }
    repeats.push({ index, same: JSON.stringify(o) === JSON.stringify(objects[first]) });
  });
  let results: ObjectResult[] = [];
  if (unique.length > 0) {
    const audience = coll.audience;
    try {
      const outcome = await storeInPieces(db, actor, {
        objects: unique.map((i) => objects[i]),
        audience,
        federate: false,
        source: 'taxii',
        projectLater: true,
      });
      results = outcome.results.map((r) => ({ ...r, index: unique[r.index]! }));
    } catch (e) {
      // A batch-level fault (an audience the level forbids) is content the server cannot process.
      if (e instanceof AppError && e.status === 400)
        throw new AppError(422, e.code, e.message, e.field);
      throw e;
    }
  }
  const successes: StatusDetails[] = [];
  const failures: StatusDetails[] = [];
  for (const { index, same } of repeats) {
    const raw = String((objects[index] as { id: string }).id);
    const id = raw.length <= 300 ? raw : `${raw.slice(0, 300)}…`;
    if (same) results.push({ index, id, status: 'duplicate', version: versionOf(objects[index]) });
    else
      results.push({
        index,
        id,
        status: 'rejected',
        code: 'duplicate_object',
        errors: [
          { path: 'id', reason: 'this version appears earlier in the envelope with other content' },
        ],
      });
  }
  results.sort((a, b) => a.index - b.index);
  for (const r of results) {
    const version = versionOf(objects[r.index]);
    if (r.status === 'stored') successes.push({ id: r.id, version });
    else if (r.status === 'duplicate')
      successes.push({ id: r.id, version, message: 'already present: nothing changed' });
    else
      failures.push({
        id: r.id ?? '',
        version,
        // The reasons of the first failures; beyond them the code says enough (a status stays small).
        message:
          r.errors.map((e) => (e.path ? `${e.path}: ${e.reason}` : e.reason)).join('; ') || r.code,
      });
  }
  const status: Status = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: formatMicros(requested.getTime() * 1000),
    total_count: objects.length,
    success_count: successes.length,
    successes,
    failure_count: failures.length,
    failures,
    pending_count: 0,
    pendings: [],
  };
  await insertStatus(
    db,
    {
      id: status.id,
      user_id: actor.userId,
      created_at: requested.toISOString(),
      body: JSON.stringify(status),
    },
    new Date(requested.getTime() - STATUS_KEEP_MS).toISOString(),
  );
  return status;
}

/** §4.3 Get Status: only the user who posted reads it (kept a week, at least the 24 h asked). */
export async function getStatus(db: Db, actor: Actor, id: string): Promise<unknown> {
  const row = await statusById(db, id, actor.userId);
  if (!row) throw notFound('status');
  return JSON.parse(row.body) as unknown;
}
