import { installSearch } from './search/install.ts';

/**
 * The composition root of the capabilities that extend the object store (typed projections kept
 * in the same transaction as the versions). Called by the server, the CLI and the test helpers
 * before anything is written; calling it again changes nothing.
 */
export function installCapabilities(): void {
  // Each capability with a projection adds it here, e.g. addProjection(incidentFacts).
  installSearch();
}
