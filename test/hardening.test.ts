import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, testApp, type TestApp } from './helpers.ts';
import { TAXII } from './taxii.helpers.ts';

/** Inputs a probe sends to make a server fail: they get a 4xx, never a 500, and nothing is kept. */
describe.each(DIALECTS)('hostile input on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses JSON nested thousands of levels deep with a 400, on the API and over TAXII', async () => {
    const headers = { ...(await t.login('analyst-ma')), 'content-type': 'application/json' };
    for (const depth of [5_000, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const body = `{"objects":[{"type":"incident","spec_version":"2.1","id":"incident--7e8d3a4f-3b1c-4a8e-9b2c-1d2e3f4a5b6c","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","name":"x","x_deep":${deep}}],"audience":"member"}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers,
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_json', field: 'body' });
      const taxii = await t.app.inject({
        method: 'POST',
        url: '/taxii2/api/collections/00000000-0000-0000-0000-000000000000/objects/',
        headers: {
          authorization: `Basic ${Buffer.from('analyst-ma:exercise-password-1').toString('base64')}`,
          accept: TAXII,
          'content-type': TAXII,
        },
        payload: body,
      });
      expect(taxii.statusCode).toBeGreaterThanOrEqual(400);
      expect(taxii.statusCode).toBeLessThan(500);
    }
    const stored = await t.handle.db
      .selectFrom('objects')
      .select('stix_id')
      .where('stix_id', '=', 'incident--7e8d3a4f-3b1c-4a8e-9b2c-1d2e3f4a5b6c')
      .execute();
    expect(stored).toEqual([]);
  });

  it('a refused report leaves nothing behind: no translation without its report', async () => {
    const before = await t.handle.db
      .selectFrom('objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await t.login('analyst-ma'),
      payload: {
        names: { ar: 'تقرير تمرين', fr: 'Rapport d’exercice' },
        audience: 'coalition',
        tlp: 'green',
        object_refs: ['report--not-a-uuid'],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ field: 'object_refs[0]' });
    const after = await t.handle.db
      .selectFrom('objects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers odd static paths with a 404, not a 500', async () => {
    for (const url of ['/%00', '/%5c', '/%5c..%5c..%5cetc%5cpasswd', '/%ff', '/assets/%00.js']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });
});
