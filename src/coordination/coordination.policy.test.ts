import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Action,
  Communique,
  Matrix,
  Meeting,
  MeetingSummary,
  Need,
  ProjectPage,
} from '../../contract/coordination.ts';
import { createUser } from '../accounts/users.service.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
} from '../../test/policy-matrix.ts';

/**
 * The access-policy matrix extended to coordination records: projects, needs, meetings (and the
 * action items they carry) across roles × TLP levels × audiences, on list, get, export, the
 * matrix and the co-chairs' view of actions; communiqué drafts across the group's members,
 * observers and outsiders. Records are owned by Nigeria (NG), as in policy/policy.test.ts.
 */
/** Communiqué drafts are read by the group's members and its observers. */
const OBSERVERS = new Set(['UNOCT']);
const visible = expectedVisible;

interface Made {
  tlp: TlpLevel;
  audience: AudienceCase;
  project: string;
  need: string;
  meeting: string;
  action: string;
}

describe.each(DIALECTS)('coordination access policy matrix on %s', (dialect) => {
  let t: TestApp;
  const made: Made[] = [];
  let draftId = '';

  beforeAll(async () => {
    t = await testApp(dialect);
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
    const ng = await t.login('analyst-ng');
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: 'POST', url, headers: ng, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
      return json<{ id: string; actions?: { id: string }[] }>(res);
    };
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (!allowed(tlp, audience)) continue;
        const sharing = { audience: AUDIENCES[audience], tlp };
        const label = `matrix ${tlp} ${audience}`;
        const project = await post('/api/v1/projects', {
          title: { en: label },
          donors: [{ member: 'NG' }],
          countries: [{ country: 'NG' }],
          domains: ['victims_support'],
          starts_on: '2024-01-01',
          status: 'active',
          ...sharing,
        });
        const need = await post('/api/v1/needs', {
          country: 'NG',
          domain: 'victims_support',
          title: { en: label },
          priority: 'low',
          ...sharing,
        });
        const meeting = await post('/api/v1/meetings', {
          group: 'africa-focus-group',
          title: { en: label },
          start: '2030-01-10T10:00',
          end: '2030-01-10T12:00',
          time_zone: 'Africa/Lagos',
          place: 'Abuja',
          modality: 'in_person',
          actions: [{ text: { en: label }, owner: 'NG', due_on: '2030-02-01' }],
          ...sharing,
        });
        made.push({
          tlp,
          audience,
          project: project.id,
          need: need.id,
          meeting: meeting.id,
          action: meeting.actions![0]!.id,
        });
      }
    }
    const drafted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communiques',
      headers: await t.login('analyst-it'),
      payload: {
        group: 'africa-focus-group',
        title: { en: 'Matrix draft' },
        body: { en: 'Draft text.' },
      },
    });
    draftId = json<Communique>(drafted).id;
  });
  afterAll(() => t.close());

  it('writes every allowed TLP/audience pair (16 of 20) and refuses the others with the rule', async () => {
    expect(made).toHaveLength(16);
    const ng = await t.login('analyst-ng');
    for (const tlp of TLPS) {
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[]) {
        if (allowed(tlp, audience)) continue;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/needs',
          headers: ng,
          payload: {
            country: 'NG',
            domain: 'victims_support',
            title: { en: 'x' },
            priority: 'low',
            audience: AUDIENCES[audience],
            tlp,
          },
        });
        expect(res.statusCode).toBe(422);
        expect(json(res)).toMatchObject({ code: 'tlp_violation', field: 'audience' });
      }
    }
  });

  for (const viewer of VIEWERS) {
    it(`${viewer.username} sees exactly what its member may see: projects, needs, meetings, actions, matrix, exports`, async () => {
      const headers = await t.login(viewer.username);
      const expected = made.filter((m) => visible(viewer, m.audience));
      const ids = (key: keyof Made) => new Set(expected.map((m) => m[key]));

      const projects = json<ProjectPage>(
        await t.app.inject({ url: '/api/v1/projects?q=matrix&limit=500', headers }),
      );
      expect(new Set(projects.items.map((p) => p.id))).toEqual(ids('project'));
      expect(projects.total).toBe(expected.length);
      const needs = json<{ items: Need[] }>(
        await t.app.inject({ url: '/api/v1/needs?domain=victims_support', headers }),
      );
      expect(new Set(needs.items.map((n) => n.id))).toEqual(ids('need'));
      const meetings = json<{ items: MeetingSummary[] }>(
        await t.app.inject({ url: '/api/v1/meetings?when=upcoming', headers }),
      );
      expect(
        new Set(meetings.items.filter((m) => m.title.en.startsWith('matrix')).map((m) => m.id)),
      ).toEqual(ids('meeting'));

      const matrix = json<Matrix>(await t.app.inject({ url: '/api/v1/projects/matrix', headers }));
      const cell = matrix.cells.find((c) => c.country === 'NG' && c.domain === 'victims_support');
      expect(cell?.projects ?? 0).toBe(expected.length);
      expect(cell?.needs_open ?? 0).toBe(expected.length);

      const csv = await t.app.inject({ url: '/api/v1/projects/export.csv?q=matrix', headers });
      expect(csv.body.trim().split('\r\n').length - 1).toBe(expected.length);

      for (const m of made) {
        const see = visible(viewer, m.audience);
        for (const url of [
          `/api/v1/projects/${m.project}`,
          `/api/v1/needs/${m.need}`,
          `/api/v1/meetings/${m.meeting}`,
          `/api/v1/meetings/${m.meeting}.ics`,
        ]) {
          const res = await t.app.inject({ url, headers });
          expect(res.statusCode, `${viewer.username} ${url} (${m.tlp}/${m.audience})`).toBe(
            see ? 200 : 404,
          );
        }
        // An action item goes with its meeting: unseen, it cannot even be marked.
        const patch = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/actions/${m.action}`,
          headers,
          payload: { status: 'open' },
        });
        if (!see) expect(patch.statusCode).toBe(404);
      }
    });
  }

  it('a co-chair’s view of the group’s actions shows only actions of meetings it may read', async () => {
    const res = await t.app.inject({
      url: '/api/v1/actions?group=africa-focus-group&status=all',
      headers: await t.login('analyst-ma'),
    });
    expect(res.statusCode).toBe(200);
    const listed = new Set(json<{ items: Action[] }>(res).items.map((a) => a.id));
    for (const m of made)
      expect(listed.has(m.action), `${m.tlp}/${m.audience}`).toBe(visible(VIEWERS[3]!, m.audience));
    const meeting = json<Meeting>(
      await t.app.inject({
        url: `/api/v1/meetings/${made[0]!.meeting}`,
        headers: await t.login('analyst-ng'),
      }),
    );
    expect(meeting.actions.map((a) => a.id)).toEqual([made[0]!.action]);
  });

  it('communiqué drafts: the group’s members and observers read them; outsiders do not', async () => {
    for (const viewer of VIEWERS) {
      const headers = await t.login(viewer.username);
      const get = await t.app.inject({ url: `/api/v1/communiques/${draftId}`, headers });
      const list = json<{ items: Communique[] }>(
        await t.app.inject({ url: '/api/v1/communiques?status=draft', headers }),
      );
      const see = viewer.inGroup || OBSERVERS.has(viewer.member);
      expect(get.statusCode, viewer.username).toBe(see ? 200 : 404);
      expect(
        list.items.some((c) => c.id === draftId),
        viewer.username,
      ).toBe(see);
    }
  });

  it('a federation token reads only what may leave the instance', async () => {
    const ne = await t.login('analyst-ne');
    const token = json<{ token: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: ne,
        payload: { name: 'peer', scope: 'federation' },
      }),
    ).token;
    const ng = await t.login('analyst-ng');
    const fed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: ng,
      payload: {
        title: { en: 'matrix federable' },
        donors: [{ member: 'NG' }],
        countries: [{ country: 'NG' }],
        domains: ['victims_support'],
        starts_on: '2024-01-01',
        status: 'active',
        audience: 'coalition',
        tlp: 'green',
        federate: true,
      },
    });
    expect(fed.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${token}` };
    const seen = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?q=matrix&limit=500', headers: bearer }),
    );
    expect(seen.items.map((p) => p.title.en)).toEqual(['matrix federable']);
    expect(
      json<{ items: Need[] }>(
        await t.app.inject({ url: '/api/v1/needs?domain=victims_support', headers: bearer }),
      ).items,
    ).toEqual([]);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers: bearer,
      payload: {
        country: 'NE',
        domain: 'victims_support',
        title: { en: 'x' },
        priority: 'low',
        audience: 'member',
      },
    });
    expect(write.statusCode).toBe(403);
  });
});
