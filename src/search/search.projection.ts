import type { Projection } from '../exchange/projections.ts';
import { INDEXED_TYPES } from './extract.ts';
import { deleteVersionDocs } from './documents.repository.ts';
import { enqueue } from './queue.repository.ts';
import { signalQueued, STIX_KINDS } from './search.index.ts';

/**
 * The search index as a projection of the store. In the writer's transaction it only queues the
 * range of `added` values written (one row per transaction, whatever its size); the indexer makes
 * the documents after the batch. Removal is immediate: a deleted version leaves the index in the
 * same transaction.
 */
export const searchIndexProjection: Projection = {
  name: 'search-index',
  inline: true,
  types: INDEXED_TYPES,
  async write(trx, versions) {
    let from = Infinity;
    let to = -Infinity;
    for (const v of versions) {
      if (v.row.added < from) from = v.row.added;
      if (v.row.added > to) to = v.row.added;
    }
    await enqueue(trx, from, to);
    signalQueued();
  },
  async remove(trx, added) {
    await deleteVersionDocs(trx, [...STIX_KINDS], added);
  },
};
