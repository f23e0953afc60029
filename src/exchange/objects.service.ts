import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import type { ObjectsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.ts';
import { canWrite } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { sharingViolation, type Audience } from '../policy/sharing.ts';
import { stricterTlp, tlpLabel, tlpRank, type TlpLevel } from '../stix/tlp.ts';
import {
  isIdentifier,
  validateObject,
  type StixProblem,
  type ValidObject,
} from '../stix/validate.ts';
import { isSharedFact } from '../stix/extensions.ts';
import {
  existingMarkingIds,
  memberCodes,
  reserveAdded,
  versionStore,
  type VersionStore,
} from './objects.repository.ts';
import { formatMicros } from '../stix/timestamp.ts';
import { writeProjections } from './projections.ts';
import { projectRange, signalQueued } from './projector.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';

export type ObjectSource =
  'local' | 'api' | 'taxii' | 'import' | 'ingest' | 'peer' | 'demo' | 'system';

export interface StoreRequest {
  objects: unknown[];
  audience: Audience;
  federate: boolean;
  /** The level recorded for objects that carry no TLP marking of their own (default AMBER). */
  tlp?: TlpLevel;
  source: ObjectSource;
  /** A level per object (a peer pull keeps each object's level at the peer); falls back to `tlp`. */
  tlpOf?: (object: Record<string, unknown>) => TlpLevel | undefined;
  /** Where a peer-pulled object came from (peer name, original date_added). */
  provenance?: (object: Record<string, unknown>) => Record<string, unknown> | undefined;
  /** All or nothing: when any object is refused, none is stored (a report and its translations). */
  atomic?: boolean;
  /**
   * A client's batch (REST, TAXII, `tansiq import`): leave the stored versions' projections
   * (threat picture, references) to the projector (projector.ts) instead of writing them before
   * answering; the next API request, or the background projector, writes them.
   */
  projectLater?: boolean;
}

export type ObjectResult =
  | {
      index: number;
      id: string;
      status: 'stored';
      version: string;
      date_added: string;
      warnings?: StixProblem[];
    }
  | { index: number; id: string; status: 'duplicate'; version: string }
  | { index: number; id: string | null; status: 'rejected'; code: string; errors: StixProblem[] };

/** Answers about rejected items stay small: the first problems of the first rejected objects. */
const PROBLEMS_PER_OBJECT = 10;
const DETAILED_REJECTIONS = 100;
const PATH_CHARS = 200;

export interface StoreOutcome {
  results: ObjectResult[];
  stored: number;
  duplicates: number;
  rejected: number;
}

/** A batch as the API posts it: objects, an audience as written, the sharing choices. */
export interface ObjectsInput {
  objects: unknown[];
  audience: AudienceSpec;
  federate?: boolean;
  tlp?: TlpLevel;
}

/** Stores a batch posted through the REST API (the audience resolved for the writer). */
export async function writeObjects(db: Db, actor: Actor, input: ObjectsInput) {
  const audience = await resolveAudience(db, actor, input.audience);
  return storeInPieces(db, actor, {
    objects: input.objects,
    audience,
    federate: input.federate ?? false,
    tlp: input.tlp,
    source: actor.via === 'session' ? 'local' : 'api',
    // A client's batches answer once stored; the next request reads their projections.
    projectLater: true,
  });
}

/** Rows written to the database at a time, inside a batch's transaction. */
const WRITE_ROWS = 500;

/** Objects stored per transaction by `storeInPieces`. */
export const PIECE_SIZE = 100;

const isMarkingDefinition = (o: unknown) =>
  typeof o === 'object' && o !== null && (o as { type?: unknown }).type === 'marking-definition';

/**
 * Stores a batch a client sent (REST, TAXII) in pieces of `PIECE_SIZE` objects, each a transaction
 * and a long turn of its own (db/turns.ts), so that 10,000 objects never hold the server at once.
 * Each object still gets its own result, stored whole or not at all. Marking definitions go first,
 * as later objects of the batch may carry them. A fault of the whole batch (who may write, the
 * audience and TLP rules) is found in the first piece, before anything is stored. A batch that must
 * be all or nothing stays whole.
 */
export async function storeInPieces(
  db: Db,
  actor: Actor,
  req: StoreRequest,
): Promise<StoreOutcome> {
  // An id given twice (versions of one object, or the same version twice, a fault of the whole
  // batch) keeps the batch whole, so that the batch's checks see all of it.
  const ids = req.objects.map((o) =>
    typeof o === 'object' && o !== null ? (o as { id?: unknown }).id : undefined,
  );
  const repeated = new Set(ids).size < ids.length;
  if (req.atomic || repeated || req.objects.length <= PIECE_SIZE)
    return inTurn('long', () => storeObjects(db, actor, req));
  const order = req.objects.map((_, i) => i);
  order.sort(
    (a, b) =>
      Number(isMarkingDefinition(req.objects[b])) - Number(isMarkingDefinition(req.objects[a])) ||
      a - b,
  );
  const results: ObjectResult[] = [];
  for (let i = 0; i < order.length; i += PIECE_SIZE) {
    const piece = order.slice(i, i + PIECE_SIZE);
    const outcome = await inTurn('long', () =>
      storeObjects(db, actor, { ...req, objects: piece.map((j) => req.objects[j]) }),
    );
    results.push(...outcome.results.map((r) => ({ ...r, index: piece[r.index]! })));
  }
  results.sort((a, b) => a.index - b.index);
  return summarise(results);
}

/** When nothing of a batch was stored or present already: the error naming its first problem. */
export function refusal(
  outcome: StoreOutcome,
): { code: 'invalid_objects'; message: string; field: string } | null {
  if (outcome.stored + outcome.duplicates > 0) return null;
  const first = outcome.results.find((r) => r.status === 'rejected');
  const problem = first?.status === 'rejected' ? first.errors[0] : undefined;
  const field = first
    ? `objects[${first.index}]${problem?.path ? `.${problem.path}` : ''}`
    : 'objects';
  return { code: 'invalid_objects', message: `${field}: ${problem?.reason ?? 'rejected'}`, field };
}

/** At most a few problems, with paths cut short: a rejection never echoes the input back. */
function bounded(problems: StixProblem[]): StixProblem[] {
  const cut = (p: StixProblem) =>
    p.path.length > PATH_CHARS ? { ...p, path: `${p.path.slice(0, PATH_CHARS)}…` } : p;
  const head = problems.slice(0, PROBLEMS_PER_OBJECT).map(cut);
  if (problems.length > PROBLEMS_PER_OBJECT)
    head.push({ path: '', reason: `and ${problems.length - PROBLEMS_PER_OBJECT} more problems` });
  return head;
}

function reject(
  index: number,
  id: string | undefined,
  code: string,
  problems: StixProblem[],
): ObjectResult {
  // Only a well-formed identifier is named back (an id of a megabyte is not).
  const named = id !== undefined && isIdentifier(id) && id.length <= 300 ? id : null;
  return { index, id: named, status: 'rejected', code, errors: bounded(problems) };
}

/**
 * Stores a batch of STIX objects for an actor, in one transaction. Each object gets its own result;
 * an object is stored whole or not at all. Batch-level faults (who may write, the audience and TLP
 * rules, duplicate versions in one batch) reject the whole batch before anything is written.
 */
export async function storeObjects(db: Db, actor: Actor, req: StoreRequest): Promise<StoreOutcome> {
  let batch: CheckedBatch;
  try {
    batch = checkBatch(actor, req);
  } catch (e) {
    // A refused write is a fact the audit keeps, though nothing else is written.
    if (e instanceof AppError)
      await db.transaction().execute((trx) =>
        appendAudit(trx, [
          {
            actor: actor.username,
            member: actor.memberCode,
            action: 'objects.write.refused',
            subject: null,
            detail: {
              source: req.source,
              reasons: { [e.rule ?? e.code]: req.objects.length },
              count: req.objects.length,
            },
          },
        ]),
      );
    throw e;
  }
  const versions = versionStore(db);
  const { outcome, queued } = await db
    .transaction()
    .execute((trx) => writeBatch(trx, actor, req, batch, versions));
  await versions.afterCommit(outcome.stored);
  if (queued !== null) {
    if (req.projectLater) signalQueued();
    else
      // Stored and acknowledged whatever happens here: a failure leaves the range queued, and the
      // background projector tries again and reports it.
      await projectRange(db, queued).catch(() => signalQueued());
  }
  return outcome;
}

/**
 * The same, inside a transaction the caller holds: a change that is more than objects (a member and
 * its identity) commits or fails as one. The projections follow the caller's commit (the next
 * request, or the background projector).
 */
export async function storeObjectsIn(
  trx: Db,
  actor: Actor,
  req: StoreRequest,
): Promise<StoreOutcome> {
  const { outcome, queued } = await writeBatch(
    trx,
    actor,
    req,
    checkBatch(actor, req),
    versionStore(trx),
  );
  if (queued !== null) signalQueued();
  return outcome;
}

interface CheckedBatch {
  results: (ObjectResult | undefined)[];
  valid: { index: number; v: ValidObject; tlp: TlpLevel }[];
}

/** Who may write, the sharing rules, and each object's validity: everything before the database. */
function checkBatch(actor: Actor, req: StoreRequest): CheckedBatch {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write objects');
  const defaultTlp = req.tlp ?? 'amber';
  const batchViolation = sharingViolation(defaultTlp, req.audience, req.federate);
  if (batchViolation)
    throw new AppError(
      422,
      'tlp_violation',
      `${batchViolation.message} (rule ${batchViolation.rule})`,
      batchViolation.field,
      batchViolation.rule,
    );

  const results: (ObjectResult | undefined)[] = new Array(req.objects.length);
  const valid: { index: number; v: ValidObject; tlp: TlpLevel }[] = [];
  const seen = new Map<string, number>();
  req.objects.forEach((input, index) => {
    const v = validateObject(input);
    if (!v.ok) {
      results[index] = reject(index, v.id, 'invalid_object', v.problems);
      return;
    }
    const key = `${v.object.id}\u0000${v.version}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new AppError(
        400,
        'duplicate_object',
        `objects[${index}].id: ${v.object.id} appears twice in this batch with the same version (first at objects[${first}])`,
        `objects[${index}].id`,
      );
    }
    seen.set(key, index);
    // A marking the object carries is kept; the upload can only make it stricter, never lower it.
    const asked = req.tlpOf?.(v.object) ?? req.tlp;
    if (v.tlp && asked && tlpRank(asked) < tlpRank(v.tlp)) {
      results[index] = reject(index, v.object.id, 'tlp_violation', [
        {
          path: 'object_marking_refs',
          reason: `the object carries ${tlpLabel(v.tlp)}; a marking is never lowered (upload asked for ${tlpLabel(asked)})`,
        },
      ]);
      return;
    }
    const tlp = v.tlp ? stricterTlp(v.tlp, asked ?? v.tlp) : (asked ?? defaultTlp);
    const violation = sharingViolation(tlp, req.audience, req.federate);
    if (violation) {
      results[index] = reject(index, v.object.id, 'tlp_violation', [
        { path: 'object_marking_refs', reason: `${violation.message} (rule ${violation.rule})` },
      ]);
      return;
    }
    valid.push({ index, v, tlp });
  });
  return { results, valid };
}

async function writeBatch(
  trx: Db,
  actor: Actor,
  req: StoreRequest,
  { results, valid }: CheckedBatch,
  versions: VersionStore,
): Promise<{ outcome: StoreOutcome; queued: number | null }> {
  const markingsInBatch = new Set(
    valid.filter((x) => x.v.object.type === 'marking-definition').map((x) => x.v.object.id),
  );
  const wanted = [...new Set(valid.flatMap((x) => x.v.otherMarkings))].filter(
    (m) => !markingsInBatch.has(m),
  );
  const storedMarkings = await existingMarkingIds(trx, wanted);
  const known = await versions.known(trx, [...new Set(valid.map((x) => x.v.object.id))]);
  // Objects with random ids belong to one owner; an observable (SCO) is a shared fact that each
  // member may hold under its own sharing (STIX derives an ipv4-addr's id from its value), and so
  // are the definitions every installation publishes alike.
  const byId = new Map<string, { owner: string; versions: Set<string> }>();
  const heldByMe = new Set<string>();
  for (const k of known) {
    if (k.holder !== '') {
      if (k.holder === actor.memberId) heldByMe.add(k.stix_id);
      continue;
    }
    const entry = byId.get(k.stix_id) ?? { owner: k.owner_id, versions: new Set<string>() };
    entry.versions.add(k.version);
    byId.set(k.stix_id, entry);
  }

  const toStore: typeof valid = [];
  const refused: { id: string; owner: string }[] = [];
  for (const item of valid) {
    const { object, version } = item.v;
    const unknownMarking = item.v.otherMarkings.find(
      (m) => !markingsInBatch.has(m) && !storedMarkings.has(m),
    );
    const shared = isSharedFact(object);
    const existing = shared ? undefined : byId.get(object.id);
    if (unknownMarking) {
      results[item.index] = reject(item.index, object.id, 'invalid_object', [
        {
          path: 'object_marking_refs',
          reason: `unknown marking definition ${unknownMarking}: send its marking-definition first or in the same batch`,
        },
      ]);
    } else if (existing && existing.owner !== actor.memberId) {
      // The same answer whether or not the writer may see the object: a write must not tell
      // what exists. The owner learns of the attempt from the audit log.
      results[item.index] = reject(item.index, object.id, 'not_owner', [
        { path: 'id', reason: 'only the member that owns this object adds versions of it' },
      ]);
      refused.push({ id: object.id, owner: existing.owner });
    } else if (shared ? heldByMe.has(object.id) : existing?.versions.has(version)) {
      results[item.index] = { index: item.index, id: object.id, status: 'duplicate', version };
    } else {
      toStore.push(item);
    }
  }

  // All or nothing: a refused part leaves nothing behind (no translation without its report).
  if (req.atomic && results.some((r) => r?.status === 'rejected')) {
    for (const item of toStore)
      results[item.index] = reject(item.index, item.v.object.id, 'not_stored', [
        { path: '', reason: 'not stored: another object of this all-or-nothing batch was refused' },
      ]);
    toStore.length = 0;
  }

  const rows: ObjectsTable[] = [];
  let queued: number | null = null;
  if (toStore.length > 0) {
    const first = await reserveAdded(trx, toStore.length);
    const recipients = req.audience.kind === 'recipients' ? req.audience.memberIds : [];
    // Rows are written as they are made, a few hundred at a time, and their bodies dropped once
    // written (the projections read the parsed objects): a large import holds one body per object
    // only briefly, not the whole batch's until its end (the garbage collector's work grows with it).
    let written = 0;
    const writeMade = async () => {
      const made = rows.slice(written);
      await versions.write(trx, made, recipients);
      for (const row of made) row.body = '';
      written = rows.length;
    };
    for (const [i, item] of toStore.entries()) {
      const { object, version } = item.v;
      const added = first + i;
      const provenance = req.provenance?.(object);
      rows.push({
        added,
        stix_id: object.id,
        type: object.type,
        version,
        spec_version: typeof object.spec_version === 'string' ? object.spec_version : null,
        revoked: object.revoked === true ? 1 : 0,
        owner_id: actor.memberId,
        audience: req.audience.kind,
        audience_group_id: req.audience.kind === 'group' ? req.audience.groupId : null,
        tlp: item.tlp,
        federate: req.federate ? 1 : 0,
        source: req.source,
        provenance: provenance ? JSON.stringify(provenance) : null,
        refers_to:
          object.type === 'language-content' && typeof object.object_ref === 'string'
            ? object.object_ref
            : null,
        body: JSON.stringify(object),
        holder: isSharedFact(object) ? actor.memberId : '',
      });
      results[item.index] = {
        index: item.index,
        id: object.id,
        status: 'stored',
        version: (object.modified as string) ?? version,
        date_added: formatMicros(added),
        ...(item.v.warnings.length ? { warnings: bounded(item.v.warnings) } : {}),
      };
      if (rows.length - written >= WRITE_ROWS) await writeMade();
    }
    await writeMade();
    queued = await writeProjections(
      trx,
      rows.map((row, i) => ({ row, object: toStore[i]!.v.object })),
    );
  }

  const written = summarise(results as ObjectResult[]);
  const entries: AuditEntry[] = [];
  if (written.stored > 0) {
    const ids = rows.map((r) => r.stix_id);
    entries.push({
      actor: actor.username,
      member: actor.memberCode,
      action: 'objects.write',
      subject: ids.length === 1 ? ids[0]! : null,
      detail: {
        source: req.source,
        stored: written.stored,
        duplicates: written.duplicates,
        rejected: written.rejected,
        audience:
          req.audience.kind === 'group'
            ? `group:${req.audience.slug}`
            : req.audience.kind === 'recipients'
              ? { recipients: req.audience.codes }
              : req.audience.kind,
        federate: req.federate,
        ...writtenVersions(rows),
      },
    });
  }
  if (written.rejected > 0) {
    // Every refused object, counted by reason; for ids that belong to another member, the owners
    // (its member admins find the attempt in their audit view).
    const rejected = (results as ObjectResult[]).filter((r) => r.status === 'rejected');
    const reasons: Record<string, number> = {};
    for (const r of rejected)
      if (r.status === 'rejected') reasons[r.code] = (reasons[r.code] ?? 0) + 1;
    const owners = await memberCodes(trx, [...new Set(refused.map((r) => r.owner))]);
    const ids = rejected.flatMap((r) => (r.id ? [r.id] : []));
    entries.push({
      actor: actor.username,
      member: actor.memberCode,
      action: 'objects.write.refused',
      subject: ids.length === 1 ? ids[0]! : null,
      detail: {
        source: req.source,
        reasons,
        ...(refused.length
          ? { owners: [...new Set(refused.map((r) => owners.get(r.owner) ?? r.owner))] }
          : {}),
        ids: ids.slice(0, 50),
        count: rejected.length,
      },
    });
  }
  await appendAudit(trx, entries);
  return { outcome: written, queued };
}

/**
 * Which versions a write stored. A batch's rows have consecutive date_added values, so a large
 * batch is named exactly by that range (the entry stays small); a small one also lists them.
 */
function writtenVersions(rows: ObjectsTable[]): Record<string, unknown> {
  const range = {
    date_added_from: formatMicros(rows[0]!.added),
    date_added_to: formatMicros(rows[rows.length - 1]!.added),
  };
  return rows.length <= 50
    ? { ...range, versions: rows.map((r) => `${r.stix_id}@${r.version}`) }
    : range;
}

function summarise(results: ObjectResult[]): StoreOutcome {
  let stored = 0,
    duplicates = 0,
    rejected = 0;
  for (const r of results) {
    if (r.status === 'stored') stored += 1;
    else if (r.status === 'duplicate') duplicates += 1;
    else {
      rejected += 1;
      // Beyond the first rejections, the count and each object's code say enough.
      if (rejected > DETAILED_REJECTIONS) r.errors = [];
    }
  }
  return { results, stored, duplicates, rejected };
}
