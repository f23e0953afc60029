import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Communique, Project } from '../../contract/coordination.ts';
import type { Draft } from '../../contract/ingest.ts';
import type { SearchPage } from '../../contract/search.ts';
import { createUser } from '../accounts/users.service.ts';
import { stopExtractor } from '../ingest/extractor.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import {
  DEMO_PASSWORD,
  DIALECTS,
  FIXTURES,
  json,
  testApp,
  type TestApp,
} from '../../test/helpers.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
  type Viewer,
} from '../../test/policy-matrix.ts';

/**
 * The search access-policy matrix (search.policy.test.ts) extended to meetings, projects and
 * needs at every allowed TLP level and audience, communiqué drafts (the group's members and
 * observers) and their publication, and article drafts (their member only), on both databases:
 * for every viewer of the policy matrix and a federation token, a search reveals nothing the
 * viewer may not read — not by a result, a total, a facet count or a snippet — and what it finds,
 * the record's own page opens. All records are exercise data owned by Nigeria unless said.
 */
interface SearchViewer extends Viewer {
  /** A peer instance's federation token (of the member) instead of a session. */
  federation?: boolean;
}
const VIEWERS_AND_PEER: SearchViewer[] = [
  ...VIEWERS,
  { ...VIEWERS[1]!, role: 'federation token', federation: true },
];
const name = (v: SearchViewer) => `${v.username}${v.federation ? ' (federation token)' : ''}`;

type Kind = 'meeting' | 'project' | 'need';
const PAGE: Record<Kind, string> = {
  meeting: '/api/v1/meetings/',
  project: '/api/v1/projects/',
  need: '/api/v1/needs/',
};

interface Made {
  kind: Kind;
  id: string;
  tlp: TlpLevel;
  audience: AudienceCase;
  federate: boolean;
}

const MALI = fs.readFileSync(
  path.join(FIXTURES, 'articles', 'ar_akhbaralaan_mali_attacks_2022.txt'),
  'utf8',
);

afterAll(() => stopExtractor());

describe.each(DIALECTS)(
  'search access policy matrix for coordination records and drafts on %s',
  (dialect) => {
    let t: TestApp;
    const made: Made[] = [];
    const headers = new Map<SearchViewer, Record<string, string>>();
    let communique = '';
    let articleDraft = '';

    async function post<T>(username: string, url: string, payload: object): Promise<T> {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: await t.login(username),
        payload,
      });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(
        /\/(approve|publish)$/.test(url) ? 200 : 201,
      );
      return json<T>(res);
    }
    async function search(v: SearchViewer, q: string, type?: string): Promise<SearchPage> {
      const params = new URLSearchParams({ q, limit: '100', ...(type ? { type } : {}) });
      const res = await t.app.inject({ url: `/api/v1/search?${params}`, headers: headers.get(v)! });
      expect(res.statusCode, res.body).toBe(200);
      return json<SearchPage>(res);
    }
    const visibleTo = (v: SearchViewer, m: Made) =>
      expectedVisible(v, m.audience) && (!v.federation || (m.federate && m.tlp !== 'red'));

    beforeAll(async () => {
      t = await testApp(dialect);
      await createUser(t.handle.db, null, {
        username: 'observer-unoct',
        password: DEMO_PASSWORD,
        role: 'analyst',
        member: 'UNOCT',
      });
      for (const v of VIEWERS_AND_PEER) {
        if (!v.federation) {
          headers.set(v, await t.login(v.username));
          continue;
        }
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: await t.login(v.username),
          payload: { name: 'peer', scope: 'federation' },
        });
        expect(created.statusCode).toBe(201);
        headers.set(v, { authorization: `Bearer ${json<{ token: string }>(created).token}` });
      }

      for (const tlp of TLPS) {
        for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
          if (!allowed(tlp, audience)) continue;
          const federate = tlp !== 'red' && audience !== 'member';
          const sharing = { audience: AUDIENCES[audience], tlp, federate };
          const title = { en: `recmatrixword ${tlp} ${audience}` };
          const body = { ar: `[تمرين] نص سري ${tlp} للمصفوفة`, en: `Exercise recsnipword ${tlp}.` };
          const meeting = await post<{ id: string }>('analyst-ng', '/api/v1/meetings', {
            group: 'africa-focus-group',
            title,
            minutes: body,
            start: '2030-06-01T10:00',
            end: '2030-06-01T12:00',
            time_zone: 'Africa/Lagos',
            place: 'Abuja',
            modality: 'online',
            ...sharing,
          });
          const project = await post<{ id: string }>('analyst-ng', '/api/v1/projects', {
            title,
            description: body,
            donors: [{ member: 'NG' }],
            countries: [{ country: 'NG' }],
            domains: ['victims_support'],
            starts_on: '2030-01-01',
            status: 'active',
            ...sharing,
          });
          const need = await post<{ id: string }>('analyst-ng', '/api/v1/needs', {
            country: 'NG',
            domain: 'victims_support',
            title,
            description: body,
            priority: 'low',
            ...sharing,
          });
          for (const [kind, id] of [
            ['meeting', meeting.id],
            ['project', project.id],
            ['need', need.id],
          ] as const)
            made.push({ kind, id, tlp, audience, federate });
        }
      }

      communique = (
        await post<Communique>('analyst-it', '/api/v1/communiques', {
          group: 'africa-focus-group',
          title: { fr: 'Projet de communiqué recdraftword' },
          body: { ar: '[تمرين] مسودة بيان مشترك حول الساحل' },
        })
      ).id;
      articleDraft = (
        await post<Draft>('analyst-ng', '/api/v1/ingest', {
          content: MALI,
          published: '2022-08-11',
        })
      ).id;
    });
    afterAll(() => t.close());

    it('stores every allowed TLP/audience pair of each kind (16 of 20, three kinds)', () => {
      expect(made).toHaveLength(48);
    });

    for (const v of VIEWERS_AND_PEER) {
      it(`${name(v)}: results, total, facets and snippets hold exactly the records it may read`, async () => {
        const visible = made.filter((m) => visibleTo(v, m));
        const page = await search(v, 'recmatrixword');
        expect(new Set(page.items.map((i) => `${i.kind}:${i.id}`))).toEqual(
          new Set(visible.map((m) => `${m.kind}:${m.id}`)),
        );
        expect(page.total).toBe(visible.length);
        const count = (key: (m: Made) => string) => {
          const out = new Map<string, number>();
          for (const m of visible) out.set(key(m), (out.get(key(m)) ?? 0) + 1);
          return out;
        };
        expect(new Map(page.facets!.type.map((f) => [f.value, f.count]))).toEqual(
          count((m) => m.kind),
        );
        expect(new Map(page.facets!.tlp.map((f) => [f.value, f.count]))).toEqual(
          count((m) => m.tlp),
        );
        expect(page.facets!.owner).toEqual(
          visible.length ? [{ value: 'NG', count: visible.length }] : [],
        );
        for (const item of page.items) {
          const m = made.find((x) => x.id === item.id)!;
          expect(item).toMatchObject({
            type: m.kind,
            owner: 'NG',
            tlp: m.tlp,
            name: `recmatrixword ${m.tlp} ${m.audience}`,
          });
        }

        // Snippets come only from records it may read; the Arabic text is found in any spelling.
        const snippets = await search(v, 'recsnipword');
        expect(snippets.total).toBe(visible.length);
        for (const item of snippets.items) {
          const m = made.find((x) => x.id === item.id)!;
          expect(item.snippet?.parts.map((p) => p.text).join('')).toBe(
            `Exercise recsnipword ${m.tlp}.`,
          );
        }
        expect((await search(v, 'المصفوفه سري')).total).toBe(visible.length);

        // What a search finds, the record's own page opens (the same policy on both sides).
        if (!v.federation)
          for (const item of page.items.slice(0, 12)) {
            const res = await t.app.inject({
              url: `${PAGE[item.kind as Kind]}${item.id}`,
              headers: headers.get(v)!,
            });
            expect(res.statusCode, `${item.kind} ${item.id}`).toBe(200);
          }
      });

      it(`${name(v)}: finds a communiqué draft only as a member or observer of its group, an article draft only as its member`, async () => {
        const readsDraft = !v.federation && (v.inGroup || v.member === 'UNOCT');
        const page = await search(v, 'recdraftword');
        expect(page.items.map((i) => i.id)).toEqual(readsDraft ? [communique] : []);
        expect(page.total).toBe(readsDraft ? 1 : 0);
        expect(page.facets!.type).toEqual(readsDraft ? [{ value: 'communique', count: 1 }] : []);

        const ownMember = v.member === 'NG' && !v.federation;
        const articles = await search(v, 'المثلث الحدودي', 'article-draft');
        expect(articles.items.map((i) => i.id)).toEqual(ownMember ? [articleDraft] : []);
        expect(articles.total).toBe(ownMember ? 1 : 0);
        // Not even counted under another type's filter.
        const any = await search(v, 'المثلث الحدودي');
        expect(any.facets!.type.some((f) => f.value === 'article-draft')).toBe(ownMember);
      });
    }

    it('a change of a project’s audience and a communiqué’s publication apply to search at once', async () => {
      const fr = VIEWERS_AND_PEER.find((v) => v.username === 'analyst-fr')!;
      const project = await post<Project>('analyst-ng', '/api/v1/projects', {
        title: { en: 'recmoveword project' },
        donors: [{ member: 'NG' }],
        countries: [{ country: 'NG' }],
        domains: ['victims_support'],
        starts_on: '2030-01-01',
        status: 'active',
        audience: 'coalition',
        tlp: 'green',
      });
      expect((await search(fr, 'recmoveword')).total).toBe(1);
      const narrowed = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/projects/${project.id}`,
        headers: await t.login('analyst-ng'),
        payload: {
          title: { en: 'recmoveword project' },
          donors: [{ member: 'NG' }],
          countries: [{ country: 'NG' }],
          domains: ['victims_support'],
          starts_on: '2030-01-01',
          status: 'active',
          audience: 'member',
          tlp: 'amber',
        },
      });
      expect(narrowed.statusCode, narrowed.body).toBe(200);
      expect((await search(fr, 'recmoveword')).total).toBe(0);

      // Published by the four co-chairs of the day: public, found by an outsider of the group.
      expect((await search(fr, 'recdraftword')).total).toBe(0);
      for (const username of ['analyst-it', 'analyst-ma', 'analyst-sa', 'analyst-us'])
        await post(username, `/api/v1/communiques/${communique}/approve`, {});
      await post('analyst-it', `/api/v1/communiques/${communique}/publish`, {});
      const published = await search(fr, 'recdraftword');
      expect(published.items.map((i) => [i.id, i.tlp])).toEqual([[communique, 'clear']]);
    });

    it('a search that shows AMBER+STRICT or RED meetings logs the read, as their pages do', async () => {
      const ne = VIEWERS_AND_PEER.find((v) => v.username === 'analyst-ne' && !v.federation)!;
      const before = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM audit_log
      WHERE action = 'meeting.read'`.execute(t.handle.db);
      const page = await search(ne, 'recmatrixword', 'meeting');
      const sensitive = page.items.filter((i) => i.tlp === 'red' || i.tlp === 'amber+strict');
      expect(sensitive.length).toBeGreaterThan(0);
      const rows = await sql<{ detail: string }>`SELECT detail FROM audit_log
      WHERE action = 'meeting.read' ORDER BY seq DESC`.execute(t.handle.db);
      expect(rows.rows.length).toBe(Number(before.rows[0]!.n) + 1);
      const detail = JSON.parse(rows.rows[0]!.detail) as { surface: string; ids: string[] };
      expect(detail.surface).toBe('api.search');
      expect(new Set(detail.ids)).toEqual(new Set(sensitive.map((i) => i.id)));
    });
  },
);
