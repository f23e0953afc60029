import type { Db } from '../db/index.ts';
import type { ObjectsTable } from '../db/schema.ts';
import type { StixObject } from '../stix/types.ts';

/** A stored version as a projection receives it: its row, and the object already parsed. */
export interface StoredVersion {
  row: ObjectsTable;
  object: StixObject;
}

/**
 * Typed facts another capability keeps about stored versions (an incident's date and place, the
 * search index): written in the same transaction as the versions, on every write path (API,
 * TAXII, import, federation pull), and removed with them. Keyed by `objects.added`.
 */
export interface Projection {
  name: string;
  /** The STIX types it keeps facts of; `'*'` for every type. */
  types: readonly string[] | '*';
  write(trx: Db, versions: StoredVersion[]): Promise<void>;
  remove(trx: Db, added: number[]): Promise<void>;
}

const projections = new Map<string, Projection>();

/** Called once by the composition root (`src/capabilities.ts`); a repeat replaces the same name. */
export function addProjection(projection: Projection): void {
  projections.set(projection.name, projection);
}

export async function writeProjections(trx: Db, versions: StoredVersion[]): Promise<void> {
  if (versions.length === 0) return;
  for (const p of projections.values()) {
    const mine = p.types === '*' ? versions : versions.filter((v) => p.types.includes(v.row.type));
    if (mine.length > 0) await p.write(trx, mine);
  }
}

export async function removeProjections(trx: Db, added: number[]): Promise<void> {
  if (added.length === 0) return;
  for (const p of projections.values()) await p.remove(trx, added);
}
