import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DIALECTS,
  freshDb,
  json,
  testApp,
  type TestApp,
  type TestDb,
} from '../../test/helpers.ts';
import { loadDemo } from '../demo/demo.ts';
import type { Db } from '../db/index.ts';
import { memberByCode } from '../members/members.repository.ts';
import { INCIDENT_EXTENSION_ID } from '../stix/extensions.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { systemActor } from '../policy/viewer.ts';
import { storeObjects } from './objects.service.ts';
import { projectionsWaiting, projectWaiting } from './projector.ts';

/**
 * The threat picture's and the references' rows of stored versions are written after the
 * versions' transaction, from a queue filled in it: a service's write has them before it answers;
 * a client's batch (REST, TAXII, import) leaves them to the projector, and the next answers read
 * them.
 */

const at = '2025-06-01T00:00:00.000Z';

/** An exercise incident in Borno, and a report that refers to it. */
function pair() {
  const incident = {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${randomUUID()}`,
    created: at,
    modified: at,
    name: '[EXERCISE] projected incident',
    extensions: {
      [INCIDENT_EXTENSION_ID]: {
        extension_type: 'property-extension',
        event_date: '2025-06-01',
        event_type: 'battles',
        country: 'NG',
        admin1: 'Borno',
        location: 'Exercise village',
        latitude: 11.43,
        longitude: 13.25,
        fatalities: 3,
      },
    },
    object_marking_refs: [TLP2_MARKING_IDS.green],
  };
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: `report--${randomUUID()}`,
    created: at,
    modified: at,
    published: at,
    name: '[EXERCISE] report on the projected incident',
    object_refs: [incident.id],
    object_marking_refs: [TLP2_MARKING_IDS.green],
  };
  return { incident, report };
}

/** Morocco's member writing (as its demo content is written). */
const morocco = async (db: Db) => systemActor((await memberByCode(db, 'MA'))!);

const rowsFor = async (db: Db, ids: string[]) => {
  const added = (
    await db.selectFrom('objects').select('added').where('stix_id', 'in', ids).execute()
  ).map((r) => Number(r.added));
  const count = async (
    table: 'incident_facts' | 'knowledge_refs' | 'knowledge_names' | 'picture_keys',
  ) =>
    Number(
      (
        await db
          .withTables<Record<typeof table, { added: number }>>()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('added', 'in', added)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    facts: await count('incident_facts'),
    refs: await count('knowledge_refs'),
    names: await count('knowledge_names'),
    keys: await count('picture_keys'),
  };
};

describe.each(DIALECTS)('projections written after the transaction on %s', (dialect) => {
  describe('the bulk path', () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshDb(dialect);
      await loadDemo(t.handle.db, DEMO_PASSWORD);
    });
    afterAll(() => t.cleanup());

    it('leaves them queued, and the projector writes what a write through the API writes', async () => {
      const db = t.handle.db;
      const actor = await morocco(db);
      const later = [pair(), pair(), pair()];
      const now = [pair(), pair(), pair()];
      const store = (objects: unknown[], projectLater: boolean) =>
        storeObjects(db, actor, {
          objects,
          audience: { kind: 'coalition' },
          federate: false,
          tlp: 'green',
          source: 'import',
          projectLater,
        });
      const laterIds = later.flatMap((p) => [p.incident.id, p.report.id]);
      const nowIds = now.flatMap((p) => [p.incident.id, p.report.id]);
      expect(
        (
          await store(
            later.flatMap((p) => [p.incident, p.report]),
            true,
          )
        ).stored,
      ).toBe(6);
      expect(await projectionsWaiting(db)).toBe(6);
      expect(await rowsFor(db, laterIds)).toEqual({ facts: 0, refs: 0, names: 0, keys: 0 });

      expect(
        (
          await store(
            now.flatMap((p) => [p.incident, p.report]),
            false,
          )
        ).stored,
      ).toBe(6);
      const written = await rowsFor(db, nowIds);
      // Each incident's facts, each report's reference to its incident, every name.
      expect(written.facts).toBe(3);
      expect(written.refs).toBeGreaterThanOrEqual(3);
      expect(written.names).toBe(6);
      // The write that projected its own versions left the earlier import's waiting.
      expect(await projectionsWaiting(db)).toBe(6);

      expect(await projectWaiting(db)).toBe(6);
      expect(await projectionsWaiting(db)).toBe(0);
      expect(await rowsFor(db, laterIds)).toEqual(written);
      // Projected once: a second run finds nothing to do.
      expect(await projectWaiting(db)).toBe(0);
      expect(await rowsFor(db, laterIds)).toEqual(written);
    });
  });

  describe('through the API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(dialect);
    });
    afterAll(() => t.close());

    it('a write answers once stored, and the next request reads its projections', async () => {
      const { incident, report } = pair();
      const res = await t.as('analyst-ma', 'POST', '/api/v1/objects', {
        objects: [incident, report],
        audience: 'coalition',
        tlp: 'green',
      });
      expect(res.statusCode, res.body).toBe(200);
      const incidents = json<{ items: { id: string }[] }>(
        await t.as('analyst-ma', 'GET', '/api/v1/picture/incidents?country=NG&limit=200'),
      );
      expect(incidents.items.map((i) => i.id)).toContain(incident.id);
      const rows = await rowsFor(t.handle.db, [incident.id, report.id]);
      expect(rows.facts).toBe(1);
      expect(rows.refs).toBeGreaterThanOrEqual(1);
      expect(await projectionsWaiting(t.handle.db)).toBe(0);
    });

    it('what an import left waiting is in the next answers: the map, mentions, pickers', async () => {
      const { incident, report } = pair();
      const actor = await morocco(t.handle.db);
      await storeObjects(t.handle.db, actor, {
        objects: [incident, report],
        audience: { kind: 'coalition' },
        federate: false,
        tlp: 'green',
        source: 'import',
        projectLater: true,
      });
      const incidents = json<{ items: { id: string }[] }>(
        await t.as('analyst-ne', 'GET', '/api/v1/picture/incidents?country=NG&limit=200'),
      );
      expect(incidents.items.map((i) => i.id)).toContain(incident.id);
      const mentions = json<{ items: { source: { id: string } }[] }>(
        await t.as('analyst-ne', 'GET', `/api/v1/objects/${incident.id}/mentions`),
      );
      expect(mentions.items.map((i) => i.source.id)).toContain(report.id);
      const picked = json<{ items: { id: string }[] }>(
        await t.as(
          'analyst-ne',
          'GET',
          '/api/v1/objects/lookup?q=projected%20incident&type=incident',
        ),
      );
      expect(picked.items.map((i) => i.id)).toContain(incident.id);
      expect(await projectionsWaiting(t.handle.db)).toBe(0);
    });
  });
});
