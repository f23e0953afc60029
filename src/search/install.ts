import { addProjection } from '../exchange/projections.ts';
import { addSearchKind } from './kinds.ts';
import { searchIndexProjection } from './search.projection.ts';
import { objectKind, objectResults, translationKind } from './stix.kinds.ts';

/** Search joins the store: its index follows every write, and STIX objects are searchable. */
export function installSearch(): void {
  addProjection(searchIndexProjection);
  addSearchKind(objectKind, objectResults);
  addSearchKind(translationKind);
}
