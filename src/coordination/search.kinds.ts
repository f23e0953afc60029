import type { Db } from '../db/index.ts';
import type { Locale } from '../db/schema.ts';
import type { Actor } from '../policy/viewer.ts';
import type { Presented, ResultKind, SearchKind } from '../search/kinds.ts';
import { auditSensitive } from './projects.service.ts';
import { BUILD, documents, type Trilingual } from './search.documents.ts';
import {
  communiquesByIds,
  coordinationArm,
  meetingsByIds,
  needsByIds,
  projectsByIds,
  recordKeys,
  type CoordinationKind,
} from './search.repository.ts';
import type { Lang } from './texts.ts';

/**
 * Meetings, capacity-building projects, needs and communiqués in search: found only where THE
 * policy lets the reader read the record (search.repository.ts), named in the reader's language.
 * Installed by the composition root (src/capabilities.ts); their documents are written by the
 * services (search.documents.ts).
 */

/** The text in the reader's language, else in the first language it was written in. */
function nameIn<P extends string>(row: Trilingual<P>, prefix: P, locale: Locale): Presented {
  for (const lang of [locale, 'en', 'fr', 'ar'] as const) {
    const text = row[`${prefix}_${lang}` as `${P}_${Lang}`]?.trim();
    if (text) return { name: text, lang };
  }
  return { name: '' };
}

type Titled = Trilingual<'title'> & { id: string; tlp: string };
const ROWS: Record<CoordinationKind, (db: Db, ids: string[]) => Promise<Titled[]>> = {
  meeting: meetingsByIds,
  project: projectsByIds,
  need: needsByIds,
  communique: communiquesByIds,
};

function searchKind(kind: CoordinationKind): SearchKind {
  return {
    kind,
    visible: (reader, match) => coordinationArm(kind, reader, match),
    async texts(db, keys) {
      return new Map((await BUILD[kind](db, keys)).map((b) => [b.key, b.text]));
    },
    rebuild: {
      keys: (trx, after, limit) => recordKeys(trx, kind, after, limit),
      documents: (trx, keys) => documents(trx, kind, keys),
    },
  };
}

function resultKind(kind: CoordinationKind): ResultKind {
  return {
    found: kind,
    async present(db: Db, actor: Actor, results, locale) {
      const rows = await ROWS[kind](
        db,
        results.map((r) => r.shown_key),
      );
      // FIRST TLP 2.0: reads of AMBER+STRICT and RED are logged, whatever the surface.
      await auditSensitive(db, actor, kind, rows, 'api.search');
      return new Map(rows.map((r) => [r.id, nameIn(r, 'title', locale)]));
    },
  };
}

/** The coordination kinds, for `addSearchKind` in the composition root. */
export const COORDINATION_SEARCH: [SearchKind, ResultKind][] = (
  ['meeting', 'project', 'need', 'communique'] as const
).map((kind) => [searchKind(kind), resultKind(kind)]);
