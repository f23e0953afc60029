import type { Kysely, Migration } from 'kysely';
import * as core from './001_core.ts';
import * as taxii from './003_taxii.ts';
import * as totpPending from './004_totp_pending.ts';
import * as sharedObservables from './005_shared_observables.ts';
import * as ingest from './040_ingest.ts';
import * as search from './020_search.ts';
import * as knowledge from './050_knowledge.ts';
import { SCO_TYPES } from '../../stix/types.ts';
import * as picture from './010_picture.ts';
import * as coordination from './030_coordination.ts';
import * as reliability from './060_reliability.ts';
import * as userRegion from './070_user_region.ts';
import * as notifications from './071_notifications.ts';
import * as administration from './072_administration.ts';
import * as searchKinds from './074_search_kinds.ts';
import * as incidentActorsKey from './075_incident_actors_key.ts';
import * as projectionQueue from './076_projection_queue.ts';
import type { Dialect } from '../index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** One set of migrations for both databases; a migration that differs by dialect says so. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_core': { up: (db: AnyDb) => core.up(db) },
    '002_audit_append_only': { up: (db: AnyDb) => core.appendOnlyAudit(db, dialect) },
    '003_taxii': { up: (db: AnyDb) => taxii.up(db) },
    '004_totp_pending': { up: (db: AnyDb) => totpPending.up(db) },
    '005_shared_observables': { up: (db: AnyDb) => sharedObservables.up(db, [...SCO_TYPES]) },
    '010_picture': { up: (db: AnyDb) => picture.up(db, dialect) },
    '020_search': { up: (db: AnyDb) => search.up(db, dialect) },
    '030_coordination': { up: (db: AnyDb) => coordination.up(db) },
    '040_ingest': { up: (db: AnyDb) => ingest.up(db) },
    '050_knowledge': { up: (db: AnyDb) => knowledge.up(db, dialect) },
    '060_reliability': { up: (db: AnyDb) => reliability.up(db) },
    '070_user_region': { up: (db: AnyDb) => userRegion.up(db) },
    '071_notifications': { up: (db: AnyDb) => notifications.up(db) },
    '072_administration': { up: (db: AnyDb) => administration.up(db) },
    '074_search_kinds': { up: (db: AnyDb) => searchKinds.up(db, dialect) },
    '075_incident_actors_key': { up: (db: AnyDb) => incidentActorsKey.up(db, dialect) },
    '076_projection_queue': { up: (db: AnyDb) => projectionQueue.up(db, dialect) },
  };
}
