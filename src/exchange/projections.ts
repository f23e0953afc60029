import type { Db } from '../db/index.ts';
import type { ObjectsTable } from '../db/schema.ts';
import type { StixObject } from '../stix/types.ts';
import { enqueueRange, lockProjector } from './projections.repository.ts';

/**
 * A stored version as a projection receives it: its row, and the object already parsed (an
 * inline projection gets the row without its body, which the object says).
 */
export interface StoredVersion {
  row: ObjectsTable;
  object: StixObject;
}

/**
 * Typed facts another capability keeps about stored versions (an incident's date and place, the
 * references between objects, the search index), on every write path (API, TAXII, import,
 * federation pull), and removed with them. Keyed by `objects.added`.
 *
 * A projection is written after the versions' transaction, by the projector (projector.ts), from
 * a queue row the store writes in that transaction: the bulk path stores at the speed of the
 * store itself, and nothing is lost by a crash between the two. An `inline` projection is written
 * in the versions' own transaction (the search index's, which only queues for its own indexer).
 */
export interface Projection {
  name: string;
  /** The STIX types it keeps facts of; `'*'` for every type. */
  types: readonly string[] | '*';
  inline?: boolean;
  write(trx: Db, versions: StoredVersion[]): Promise<void>;
  /** Immediate, in the transaction that deletes the versions. */
  remove(trx: Db, added: number[]): Promise<void>;
}

const projections = new Map<string, Projection>();

/** Called once by the composition root (`src/capabilities.ts`); a repeat replaces the same name. */
export function addProjection(projection: Projection): void {
  projections.set(projection.name, projection);
}

const mineOf = (p: Projection, versions: StoredVersion[]) =>
  p.types === '*' ? versions : versions.filter((v) => p.types.includes(v.row.type));

/**
 * In the versions' transaction: the inline projections, and the queue row for the others. The
 * queue row's id, or null when no projection waits for these versions.
 */
export async function writeProjections(trx: Db, versions: StoredVersion[]): Promise<number | null> {
  if (versions.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  let queued = false;
  for (const p of projections.values()) {
    const mine = mineOf(p, versions);
    if (mine.length === 0) continue;
    if (p.inline) {
      await p.write(trx, mine);
      continue;
    }
    queued = true;
    for (const v of mine) {
      if (v.row.added < from) from = v.row.added;
      if (v.row.added > to) to = v.row.added;
    }
  }
  return queued ? enqueueRange(trx, from, to) : null;
}

/** The projections written after the transaction, for versions the projector read back. */
export async function writeQueuedProjections(trx: Db, versions: StoredVersion[]): Promise<void> {
  for (const p of projections.values()) {
    if (p.inline) continue;
    const mine = mineOf(p, versions);
    if (mine.length > 0) await p.write(trx, mine);
  }
}

export async function removeProjections(trx: Db, added: number[]): Promise<void> {
  if (added.length === 0) return;
  // Not while the projector writes rows of the same objects (an incident's newest version).
  await lockProjector(trx);
  for (const p of projections.values()) await p.remove(trx, added);
}
