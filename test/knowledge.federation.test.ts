import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Attachment } from '../contract/knowledge.ts';
import type { ObjectDetail } from '../contract/exchange.ts';
import { samplePdf } from './knowledge.fixtures.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from './helpers.ts';

/**
 * Attached files over federation: instance B pulls from A with the account of A's member Niger; the
 * artifacts come over TAXII, their bytes from A by hash with the same credentials, checked against
 * the hash; a file of an object that may not leave A never does.
 */
describe.each(DIALECTS)('attached files across two instances (B on %s)', (dialect) => {
  let a: TestApp;
  let b: TestApp;
  let federable = '';
  let local = '';
  let pdf: Buffer;

  beforeAll(async () => {
    a = await testApp('sqlite');
    b = await testApp(dialect);
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (a.app.server.address() as AddressInfo).port;
    const ne = await a.login('analyst-ne');
    const report = async (federate: boolean, name: string) => {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: ne,
        payload: {
          names: { fr: name },
          audience: 'group:africa-focus-group',
          tlp: 'amber',
          federate,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return json<ObjectDetail>(res).object.id;
    };
    federable = await report(true, '[EXERCICE] Rapport fédéré avec pièce jointe');
    local = await report(false, '[EXERCICE] Rapport local avec pièce jointe');
    pdf = samplePdf(300 * 1024);
    for (const [id, bytes] of [
      [federable, pdf],
      [local, samplePdf(7)],
    ] as const) {
      const res = await a.app.inject({
        method: 'POST',
        url: `/api/v1/objects/${id}/attachments?name=annexe.pdf`,
        headers: { ...ne, 'content-type': 'application/pdf' },
        payload: bytes,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const added = await b.app.inject({
      method: 'POST',
      url: '/api/v1/peers',
      headers: await b.login('admin'),
      payload: {
        name: 'a',
        url: `http://127.0.0.1:${port}/taxii2/`,
        username: 'analyst-ne',
        password: DEMO_PASSWORD,
        member: 'NE',
        audience: 'member',
        interval_seconds: 0,
      },
    });
    expect(added.statusCode, added.body).toBe(201);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('brings the artifact over TAXII and its bytes from the peer, checked against the hash', async () => {
    const pulled = await b.app.inject({
      method: 'POST',
      url: '/api/v1/peers/a/pull',
      headers: await b.login('admin'),
    });
    expect(pulled.statusCode, pulled.body).toBe(200);
    const ne = await b.login('analyst-ne');
    const files = json<{ items: Attachment[] }>(
      await b.app.inject({ url: `/api/v1/objects/${federable}/attachments`, headers: ne }),
    ).items;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ name: 'annexe.pdf', available: true, size: pdf.length });
    const got = await b.app.inject({ url: `/api/v1/attachments/${files[0]!.id}`, headers: ne });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    // What may not leave A never reached B.
    expect((await b.app.inject({ url: `/api/v1/objects/${local}`, headers: ne })).statusCode).toBe(
      404,
    );
    const audit = await b.handle.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'peer.pull')
      .execute();
    expect(audit.some((e) => JSON.parse(e.detail).files?.fetched === 1)).toBe(true);
  });
});
