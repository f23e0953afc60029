import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/users.service.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
} from '../../test/policy-matrix.ts';
import { samplePdf } from '../../test/knowledge.fixtures.ts';
import type { Attachment, Graph, Mention, ObjectLabel, Replies } from '../../contract/knowledge.ts';
import type { TlpLevel } from '../stix/tlp.ts';

/**
 * The access-policy matrix over the knowledge wing: for Nigeria's reports under every allowed TLP
 * and audience — each mentioning one coalition object, answered by a note and an opinion, with a
 * file attached — every viewer sees exactly the ones its member may read, in "mentioned in", the
 * graph, pickers and labels, and their notes, opinions and files; the others never show, not even
 * as a count.
 */
describe.each(DIALECTS)('knowledge policy matrix on %s', (dialect) => {
  let t: TestApp;
  let target = '';
  interface Case {
    report: string;
    name: string;
    note: string;
    opinion: string;
    file: string;
    sha256: string;
    audience: AudienceCase;
    tlp: TlpLevel;
  }
  const cases: Case[] = [];

  beforeAll(async () => {
    t = await testApp(dialect);
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
    const ng = await t.login('analyst-ng');
    const now = new Date().toISOString();
    target = `intrusion-set--${randomUUID()}`;
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('analyst-ma'),
      payload: {
        objects: [
          {
            type: 'intrusion-set',
            spec_version: '2.1',
            id: target,
            created: now,
            modified: now,
            name: 'Matrix target',
          },
        ],
        audience: 'coalition',
        tlp: 'clear',
      },
    });
    expect(stored.statusCode).toBe(200);
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (!allowed(tlp, audience)) continue;
        const name = `Knowledge matrix ${tlp} ${audience} ${randomUUID().slice(0, 8)}`;
        const report = `report--${randomUUID()}`;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: ng,
          payload: {
            objects: [
              {
                type: 'report',
                spec_version: '2.1',
                id: report,
                created: now,
                modified: now,
                name,
                published: now,
                object_refs: [target],
              },
            ],
            audience: AUDIENCES[audience],
            tlp,
          },
        });
        expect(res.statusCode, res.body).toBe(200);
        const note = json<Replies>(
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/objects/${report}/notes`,
            headers: ng,
            payload: { content: `note on ${name}`, lang: 'en' },
          }),
        ).notes[0]!.id;
        const opinion = json<Replies>(
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/objects/${report}/opinions`,
            headers: ng,
            payload: { opinion: 'agree' },
          }),
        ).opinions[0]!.id;
        const pdf = samplePdf(cases.length + 1);
        const up = await t.app.inject({
          method: 'POST',
          url: `/api/v1/objects/${report}/attachments?name=matrix.pdf`,
          headers: { ...ng, 'content-type': 'application/pdf' },
          payload: pdf,
        });
        expect(up.statusCode, up.body).toBe(201);
        cases.push({
          report,
          name,
          note,
          opinion,
          file: json<Attachment>(up).id,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          audience,
          tlp,
        });
      }
    }
  });
  afterAll(() => t.close());

  it('writes every case (16 allowed TLP/audience pairs)', () => {
    expect(cases).toHaveLength(16);
  });

  for (const viewer of VIEWERS) {
    it(`${viewer.username} (${viewer.role}): mentions, graph, pickers, labels, notes, opinions and files`, async () => {
      const headers = await t.login(viewer.username);
      const get = (url: string) => t.app.inject({ url, headers });
      const visible = new Set(
        cases.filter((c) => expectedVisible(viewer, c.audience)).map((c) => c.report),
      );
      const mine = (ids: string[]) =>
        new Set(ids.filter((id) => cases.some((c) => c.report === id)));

      const mentions = json<{ items: Mention[] }>(
        await get(`/api/v1/objects/${target}/mentions?limit=200`),
      );
      expect(mine(mentions.items.map((m) => m.source.id))).toEqual(visible);

      const graph = json<Graph>(await get(`/api/v1/objects/${target}/graph?depth=2`));
      expect(mine(graph.nodes.map((n) => n.id))).toEqual(visible);
      const noteIds = new Set(cases.map((c) => c.note));
      expect(graph.nodes.some((n) => noteIds.has(n.id))).toBe(false);

      const picked = json<{ items: ObjectLabel[] }>(
        await get('/api/v1/objects/lookup?q=knowledge%20matrix&type=report&limit=50'),
      );
      expect(mine(picked.items.map((l) => l.id))).toEqual(visible);

      const labels = json<{ items: ObjectLabel[] }>(
        await get(`/api/v1/objects/labels?ids=${cases.map((c) => c.report).join(',')}`),
      );
      for (const label of labels.items) {
        expect(label.visible, label.id).toBe(visible.has(label.id));
        if (!label.visible) expect(Object.keys(label).sort()).toEqual(['id', 'type', 'visible']);
      }

      for (const c of cases) {
        const may = visible.has(c.report);
        const what = `${c.tlp}/${c.audience}`;
        const replies = await get(`/api/v1/objects/${c.report}/replies`);
        expect(replies.statusCode, `replies ${what}`).toBe(may ? 200 : 404);
        if (may) {
          const r = json<Replies>(replies);
          expect(r.notes.map((n) => n.id)).toEqual([c.note]);
          expect(r.opinions.map((o) => o.id)).toEqual([c.opinion]);
          expect(r.notes[0]!.tlp).toBe(c.tlp);
        }
        for (const id of [c.note, c.opinion, c.file]) {
          expect((await get(`/api/v1/objects/${id}`)).statusCode, `${id} ${what}`).toBe(
            may ? 200 : 404,
          );
        }
        const download = await get(`/api/v1/attachments/${c.file}`);
        expect(download.statusCode, `file ${what}`).toBe(may ? 200 : 404);
        if (!may) expect(json(download)).toEqual({ code: 'not_found', message: 'file not found' });
        expect((await get(`/api/v1/files/${c.sha256}`)).statusCode, `by hash ${what}`).toBe(
          may ? 200 : 404,
        );
        const attachments = await get(`/api/v1/objects/${c.report}/attachments`);
        expect(attachments.statusCode).toBe(may ? 200 : 404);
      }
    });
  }

  it('a federation token reads no file, note or mention of what may not leave', async () => {
    const ne = await t.login('analyst-ne');
    const token = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: ne,
        payload: { name: 'peer', scope: 'federation' },
      }),
    ).token;
    const headers = { authorization: `Bearer ${token}` };
    // The target itself may not leave (not flagged for federation): not even its page.
    const mentions = await t.app.inject({ url: `/api/v1/objects/${target}/mentions`, headers });
    expect(mentions.statusCode).toBe(404);
    for (const c of cases) {
      expect((await t.app.inject({ url: `/api/v1/files/${c.sha256}`, headers })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ url: `/api/v1/objects/${c.note}`, headers })).statusCode).toBe(
        404,
      );
    }
  });
});
