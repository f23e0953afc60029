import { addProjection } from './exchange/projections.ts';
import { incidentFactsProjection, pictureKeysProjection } from './picture/picture.projection.ts';
import { installSearch } from './search/install.ts';
import { KNOWLEDGE_PROJECTIONS } from './knowledge/knowledge.projection.ts';
import { addSearchKind } from './search/kinds.ts';
import { COORDINATION_SEARCH } from './coordination/search.kinds.ts';
import { DRAFT_SEARCH } from './ingest/draft.search.ts';

/**
 * The composition root of the capabilities that extend the object store (typed projections kept
 * in the same transaction as the versions) and search (the kinds of record it finds besides STIX
 * objects). Called by the server, the CLI and the test helpers before anything is written;
 * calling it again changes nothing.
 */
export function installCapabilities(): void {
  addProjection(incidentFactsProjection);
  addProjection(pictureKeysProjection);
  installSearch();
  for (const [kind, result] of [...COORDINATION_SEARCH, DRAFT_SEARCH]) addSearchKind(kind, result);
  for (const projection of KNOWLEDGE_PROJECTIONS) addProjection(projection);
}
