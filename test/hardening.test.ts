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

describe.each(DIALECTS)('the audit log keeps what was refused on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  const entries = (action: string) =>
    t.handle.db
      .selectFrom('audit_log')
      .select(['actor', 'subject', 'detail'])
      .where('action', '=', action)
      .orderBy('seq')
      .execute();

  it('refused writes, refused deletes and manifest reads of RED are audited', async () => {
    const basic = (user: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:exercise-password-1`).toString('base64')}`,
      accept: TAXII,
    });
    // A reader may not write; a RED batch for the coalition breaks a sharing rule.
    const reader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('reader-ma'),
      payload: { objects: [{}], audience: 'member' },
    });
    expect(reader.statusCode).toBe(403);
    const red = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('analyst-ma'),
      payload: { objects: [{}], audience: 'coalition', tlp: 'red' },
    });
    expect(red.statusCode).toBe(422);
    const refusedWrites = await entries('objects.write.refused');
    expect(refusedWrites.map((e) => e.actor)).toEqual(['reader-ma', 'analyst-ma']);
    expect(JSON.parse(refusedWrites[1]!.detail)).toMatchObject({
      reasons: { tlp_red_recipients: 1 },
    });

    // A RED report for Niger, read through the manifest and deleted by someone else.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await t.login('analyst-ma'),
      payload: { names: { en: 'Exercise RED note' }, audience: { recipients: ['NE'] }, tlp: 'red' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ object: { id: string } }>().object.id;
    const collections = (
      await t.app.inject({ url: '/taxii2/api/collections/', headers: basic('analyst-ne') })
    ).json<{ collections: { id: string; x_tansiq_audience: string }[] }>().collections;
    const shared = collections.find((c) => c.x_tansiq_audience === 'recipients')!.id;
    const manifest = await t.app.inject({
      url: `/taxii2/api/collections/${shared}/manifest/`,
      headers: basic('analyst-ne'),
    });
    expect(manifest.statusCode).toBe(200);
    const reads = await entries('objects.read');
    expect(
      reads.some(
        (e) => JSON.parse(e.detail).surface === 'taxii.manifest' && e.actor === 'analyst-ne',
      ),
    ).toBe(true);
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/taxii2/api/collections/${shared}/objects/${id}/`,
      headers: basic('analyst-ne'),
    });
    expect(deleted.statusCode).toBe(403);
    const refusedDeletes = await entries('objects.delete.refused');
    expect(refusedDeletes).toEqual([expect.objectContaining({ actor: 'analyst-ne', subject: id })]);
  });
});
