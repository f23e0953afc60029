import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/helpers.ts';
import { migrate } from '../db/index.ts';
import { pictureDb } from './picture.repository.ts';
import type { IncidentFactsTable } from './picture.table.ts';

const ISWAP = 'intrusion-set--0e5c8b5e-4b3c-4a59-9f34-1b1f6a0e2d11';
const JNIM = 'intrusion-set--7d1f2c4a-93b5-4e8e-8a0c-5f2e9d6b3a77';

/** A facts row as 010_picture wrote it, before the actors had a column of their own. */
function facts(added: number): Omit<IncidentFactsTable, 'actors'> {
  return {
    added,
    stix_id: `incident--00000000-0000-4000-8000-00000000000${added}`,
    version: '2025-01-01T00:00:00.000Z',
    owner_id: 'exercise-member',
    audience: 'coalition',
    audience_group_id: null,
    tlp: 'green',
    federate: 0,
    revoked: 0,
    latest: 1,
    name: '[EXERCISE] incident',
    event_date: '2025-01-01',
    event_month: '2025-01',
    event_week: '2024-12-30',
    event_type: 'battles',
    sub_event_type: null,
    country: 'NE',
    admin1: null,
    location: null,
    latitude: null,
    longitude: null,
    geo_precision: null,
    fatalities: 0,
    dataset: null,
    dataset_event_id: null,
  };
}

describe.each(DIALECTS)('migration 075 on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDb(dialect, '074_search_kinds');
  });
  afterAll(() => db.cleanup());

  it('writes the actors of the incidents stored before it on their facts rows, sorted', async () => {
    const picture = pictureDb(db.handle.db);
    // The column is not there yet: the rows go in as the earlier schema had them.
    await picture
      .insertInto('incident_facts')
      .values([facts(1), facts(2), facts(3)] as IncidentFactsTable[])
      .execute();
    await picture
      .insertInto('incident_actors')
      .values([
        { added: 1, actor_id: JNIM },
        { added: 1, actor_id: ISWAP },
        { added: 2, actor_id: ISWAP },
      ])
      .execute();
    await migrate(db.handle);
    const rows = await picture
      .selectFrom('incident_facts')
      .select(['added', 'actors'])
      .orderBy('added')
      .execute();
    expect(rows.map((r) => [Number(r.added), r.actors])).toEqual([
      [1, `${ISWAP} ${JNIM}`],
      [2, ISWAP],
      [3, null],
    ]);
  });
});
