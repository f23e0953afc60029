import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Db } from '../db/index.ts';
import type { StixObject } from '../stix/types.ts';
import { KNOWLEDGE_PROJECTIONS } from './knowledge.projection.ts';
import {
  backfillState,
  removeArtifacts,
  removeWhereAdded,
  saveBackfill,
  versionsBetween,
} from './knowledge.repository.ts';

const PAGE = 500;

/**
 * Projects the versions stored before this wing existed (the migration noted the newest of them),
 * a page per transaction, oldest first, pausing between pages; resumes where it stopped. Versions
 * written since are projected by the store itself.
 */
export async function backfill(db: Db, stopped: () => boolean = () => false): Promise<number> {
  const state = await backfillState(db);
  if (!state || state.done >= state.upto) return 0;
  let done = state.done;
  let count = 0;
  while (!stopped()) {
    const rows = await versionsBetween(db, done, state.upto, PAGE);
    if (rows.length === 0) {
      await saveBackfill(db, state.upto);
      break;
    }
    const added = rows.map((r) => r.added);
    await db.transaction().execute(async (trx) => {
      // Idempotent: a page interrupted half-way is projected again whole.
      await removeWhereAdded(trx, 'knowledge_refs', added);
      await removeWhereAdded(trx, 'knowledge_names', added);
      await removeArtifacts(trx, added);
      const versions = rows.map((row) => ({ row, object: JSON.parse(row.body) as StixObject }));
      for (const p of KNOWLEDGE_PROJECTIONS) {
        const mine =
          p.types === '*' ? versions : versions.filter((v) => p.types.includes(v.row.type));
        if (mine.length > 0) await p.write(trx, mine);
      }
      await saveBackfill(trx, added[added.length - 1]!);
    });
    done = added[added.length - 1]!;
    count += rows.length;
    await yieldToOthers();
  }
  return count;
}
