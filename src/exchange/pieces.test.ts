import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import { collectionOf, TAXII } from '../../test/taxii.helpers.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { PIECE_SIZE } from './objects.service.ts';

/**
 * A large batch is stored in pieces (each its own transaction and turn), and a client sees no
 * difference: a result per object at its own index, marking definitions usable by objects sent
 * before them in the same batch, and a fault of the whole batch stores nothing.
 */
describe.each(DIALECTS)('large batches stored in pieces on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  const now = '2024-05-01T00:00:00.000Z';
  const statement = () => ({
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${randomUUID()}`,
    created: now,
    definition_type: 'statement',
    definition: { statement: 'EXERCISE: handle as training data' },
  });
  const indicator = (markings: string[]) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: now,
    modified: now,
    name: 'EXERCISE indicator',
    pattern: "[ipv4-addr:value = '198.51.100.9']",
    pattern_type: 'stix',
    valid_from: now,
    object_marking_refs: [TLP2_MARKING_IDS.green, ...markings],
  });
  const count = async (ids: string[]) =>
    Number(
      (
        await t.handle.db
          .selectFrom('objects')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('stix_id', 'in', ids)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('REST: every object gets its result at its index; a marking sent last still applies', async () => {
    const marking = statement();
    const objects: Record<string, unknown>[] = Array.from({ length: PIECE_SIZE * 2 + 50 }, () =>
      indicator([marking.id]),
    );
    objects[180] = { ...objects[180], created: 'yesterday' };
    objects.push(marking);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('analyst-ma'),
      payload: { objects, audience: 'coalition', tlp: 'green' },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const outcome = json<{
      stored: number;
      rejected: number;
      results: { index: number; id: string; status: string }[];
    }>(res);
    expect(outcome).toMatchObject({ stored: objects.length - 1, rejected: 1 });
    expect(outcome.results.map((r) => r.index)).toEqual(objects.map((_, i) => i));
    expect(outcome.results.map((r) => r.id)).toEqual(objects.map((o) => o.id));
    expect(outcome.results[180]!.status).toBe('rejected');
    expect(await count(objects.map((o) => o.id as string))).toBe(objects.length - 1);
  });

  it('TAXII: the status lists every object; a fault of the batch stores none of it', async () => {
    const collection = await collectionOf(t.app, 'analyst-ne', 'coalition');
    const headers = await t.login('analyst-ne');
    const basic = {
      authorization: `Basic ${Buffer.from('analyst-ne:exercise-password-1').toString('base64')}`,
      accept: TAXII,
      'content-type': TAXII,
    };
    const objects = Array.from({ length: PIECE_SIZE * 3 }, () => indicator([]));
    const res = await t.app.inject({
      method: 'POST',
      url: `/taxii2/api/collections/${collection}/objects/`,
      headers: basic,
      payload: JSON.stringify({ objects }),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(202);
    const status = json<{ success_count: number; successes: { id: string }[] }>(res);
    expect(status.success_count).toBe(objects.length);
    expect(status.successes.map((s) => s.id)).toEqual(objects.map((o) => o.id));

    // AMBER+STRICT never goes to the whole coalition: refused before any piece is stored.
    const strict = Array.from({ length: PIECE_SIZE * 2 }, () => indicator([]));
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers,
      payload: { objects: strict, audience: 'coalition', tlp: 'amber+strict' },
    });
    expect(refused.statusCode).toBe(422);
    expect(await count(strict.map((o) => o.id))).toBe(0);
  });
});
