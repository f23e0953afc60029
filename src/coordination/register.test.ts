import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matrix, Need, Project, ProjectPage } from '../../contract/coordination.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

/** The capacity-building register through the API, on both databases. */

const base = {
  title: { en: 'Border posts in Diffa', fr: 'Postes frontières à Diffa' },
  donors: [{ member: 'US' }],
  countries: [{ country: 'NE', admin1: 'Diffa' }],
  domains: ['border_security'],
  starts_on: '2024-01-01',
  ends_on: '2026-12-31',
  status: 'active',
  budget: 800000,
  currency: 'USD',
  audience: 'group:africa-focus-group',
  tlp: 'green',
};

async function auditActions(t: TestApp, subject: string): Promise<string[]> {
  const rows = await t.handle.db
    .selectFrom('audit_log')
    .select(['action'])
    .where('subject', '=', subject)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe.each(DIALECTS)('capacity-building register on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  const post = async (username: string, url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: await t.login(username),
      payload: payload as object,
    });

  it('registers a project in three languages, with donors, partners and sharing, and audits it', async () => {
    const res = await post('analyst-us', '/api/v1/projects', {
      ...base,
      title: { ...base.title, ar: 'مراكز حدودية في ديفا' },
      description: { en: 'Equipment and training.' },
      implementers: [{ name: 'IOM' }, { member: 'NE' }],
      donors: [{ member: 'US' }, { name: 'European Union' }],
      contacts: [{ name: 'Desk officer', email: 'desk@example.org' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = json<Project>(res);
    expect(p).toMatchObject({
      title: {
        ar: 'مراكز حدودية في ديفا',
        fr: 'Postes frontières à Diffa',
        en: 'Border posts in Diffa',
      },
      countries: [{ country: 'NE', admin1: 'Diffa' }],
      domains: ['border_security'],
      owner: 'US',
      audience: 'group:africa-focus-group',
      tlp: 'green',
      source: 'local',
      iati_identifier: null,
      budget: 800000,
      currency: 'USD',
      may_edit: true,
    });
    expect(p.parties).toEqual([
      { role: 'funding', member: 'US', name: null, ref: null },
      { role: 'funding', member: null, name: 'European Union', ref: null },
      { role: 'implementing', member: null, name: 'IOM', ref: null },
      { role: 'implementing', member: 'NE', name: null, ref: null },
    ]);
    expect(await auditActions(t, p.id)).toEqual(['project.create']);
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?limit=1', headers: await t.login('analyst-us') }),
    ).total;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ends_on: '2023-12-31' }, 422, 'ends_on'],
      [{ starts_on: '2024-02-30' }, 422, 'starts_on'],
      [{ domains: ['cooking'] }, 422, 'domains[0]'],
      [{ countries: [{ country: 'XX' }] }, 422, 'countries[0].country'],
      [{ donors: [{ member: 'ZZZ' }] }, 422, 'donors[0].member'],
      [{ donors: [] }, 422, 'donors'],
      [{ donors: [{ member: 'US', name: 'USAID' }] }, 422, 'donors[0]'],
      [{ currency: null }, 422, 'currency'],
      [{ currency: 'XYZ' }, 422, 'currency'],
      [{ title: { en: '  ' } }, 422, 'title'],
      [{ status: 'finished' }, 400, 'status'],
      [{ budget: '1000' }, 400, 'budget'],
      [{ audience: 'group:nowhere' }, 422, 'audience'],
      [{ tlp: 'red' }, 422, 'audience'],
      [{ tlp: 'amber+strict', audience: 'coalition' }, 422, 'audience'],
    ];
    for (const [change, status, field] of cases) {
      const res = await post('analyst-us', '/api/v1/projects', { ...base, ...change });
      expect(res.statusCode, `${JSON.stringify(change)} → ${res.body}`).toBe(status);
      expect(json<{ field: string }>(res).field).toBe(field);
    }
    const reader = await post('reader-ma', '/api/v1/projects', base);
    expect(reader.statusCode).toBe(403);
    const after = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?limit=1', headers: await t.login('analyst-us') }),
    ).total;
    expect(after).toBe(before);
  });

  it('lists with filters; only the owner member edits or deletes', async () => {
    const created = json<Project>(
      await post('analyst-us', '/api/v1/projects', {
        ...base,
        title: { en: 'Filter target Kidal' },
      }),
    );
    const ne = await t.login('analyst-ne');
    const found = json<ProjectPage>(
      await t.app.inject({
        url: '/api/v1/projects?q=kidal&country=ne&domain=border_security&donor=US',
        headers: ne,
      }),
    );
    expect(found.items.map((p) => p.id)).toEqual([created.id]);
    const none = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?q=kidal&to=2023-12-31', headers: ne }),
    );
    expect(none.items).toEqual([]);
    const bad = await t.app.inject({ url: '/api/v1/projects?status=finished', headers: ne });
    expect(bad.statusCode).toBe(400);

    const byNe = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${created.id}`,
      headers: ne,
      payload: base,
    });
    expect(byNe.statusCode).toBe(403);
    const us = await t.login('analyst-us');
    const changed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${created.id}`,
      headers: us,
      payload: { ...base, status: 'suspended' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json<Project>(changed).status).toBe('suspended');
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${created.id}`,
      headers: us,
    });
    expect(gone.statusCode).toBe(204);
    expect(
      (await t.app.inject({ url: `/api/v1/projects/${created.id}`, headers: us })).statusCode,
    ).toBe(404);
    expect(await auditActions(t, created.id)).toEqual([
      'project.create',
      'project.update',
      'project.delete',
    ]);
  });

  it('a beneficiary states needs for its own country; a donor answers one with its project', async () => {
    const need = await post('analyst-ne', '/api/v1/needs', {
      country: 'NE',
      admin1: 'Diffa',
      domain: 'border_security',
      title: { fr: 'Équipement des postes de Diffa' },
      priority: 'high',
      audience: 'group:africa-focus-group',
    });
    expect(need.statusCode, need.body).toBe(201);
    const n = json<Need>(need);
    expect(n).toMatchObject({ status: 'open', owner: 'NE', answered_by: [] });
    const foreign = await post('analyst-ne', '/api/v1/needs', {
      ...{
        country: 'TD',
        domain: 'border_security',
        title: { fr: 'x' },
        priority: 'low',
        audience: 'member',
      },
    });
    expect(foreign.statusCode).toBe(422);
    expect(json<{ field: string }>(foreign).field).toBe('country');

    const mine = json<Project>(
      await post('analyst-us', '/api/v1/projects', { ...base, title: { en: 'Answer' } }),
    );
    const wrongDomain = json<Project>(
      await post('analyst-us', '/api/v1/projects', {
        ...base,
        title: { en: 'Other domain' },
        domains: ['criminal_justice'],
      }),
    );
    const hidden = json<Project>(
      await post('analyst-us', '/api/v1/projects', {
        ...base,
        title: { en: 'Not shared' },
        audience: 'member',
      }),
    );
    const answer = (username: string, project: string) =>
      post(username, `/api/v1/needs/${n.id}/answers`, { project });
    expect((await answer('analyst-it', mine.id)).statusCode).toBe(403);
    expect((await answer('analyst-us', wrongDomain.id)).statusCode).toBe(422);
    const notShared = await answer('analyst-us', hidden.id);
    expect(notShared.statusCode).toBe(422);
    expect(json<{ message: string }>(notShared).message).toMatch(/may not read this project/);
    const ok = await answer('analyst-us', mine.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<Need>(ok)).toMatchObject({
      status: 'covered',
      answered_by: [{ id: mine.id, donors: ['US'] }],
    });
    const seenByNe = json<Need>(
      await t.app.inject({ url: `/api/v1/needs/${n.id}`, headers: await t.login('analyst-ne') }),
    );
    expect(seenByNe.status).toBe('covered');
    const project = json<Project>(
      await t.app.inject({
        url: `/api/v1/projects/${mine.id}`,
        headers: await t.login('analyst-ne'),
      }),
    );
    expect(project.answers).toEqual([n.id]);
    expect(await auditActions(t, n.id)).toEqual(['need.create', 'need.answer']);
  });

  it('the matrix shows gaps, overlaps, donors, budgets per currency and follows its filters', async () => {
    const ne = await t.login('analyst-ne');
    const m = json<Matrix>(await t.app.inject({ url: '/api/v1/projects/matrix', headers: ne }));
    const cell = (country: string, domain: string) =>
      m.cells.find((c) => c.country === country && c.domain === domain);
    // Demo: the United States and Italy both fund border security in Niger over the same years.
    expect(cell('NE', 'border_security')).toMatchObject({ overlap: true, gap: null });
    expect(cell('NE', 'border_security')!.donors).toEqual(expect.arrayContaining(['IT', 'US']));
    expect(cell('NE', 'border_security')!.budgets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ currency: 'EUR' }),
        expect.objectContaining({ currency: 'USD' }),
      ]),
    );
    // Niger stated a need for countering the financing of terrorism that nobody answers.
    expect(cell('NE', 'terrorist_financing')).toMatchObject({
      gap: 'need',
      needs_open: 1,
      projects: 0,
    });
    // Guinea, a member of the group, has no project at all.
    expect(m.countries.find((c) => c.country === 'GN')).toMatchObject({ projects: 0 });
    expect(cell('GN', 'rehabilitation')).toMatchObject({ gap: 'empty' });
    // A donor filter: only Italy's projects remain, so no overlap.
    const it = json<Matrix>(
      await t.app.inject({ url: '/api/v1/projects/matrix?donor=IT', headers: ne }),
    );
    expect(
      it.cells.find((c) => c.country === 'NE' && c.domain === 'border_security'),
    ).toMatchObject({ donors: ['IT'], overlap: false });
    // A period before the projects: nothing but needs.
    const early = json<Matrix>(
      await t.app.inject({
        url: '/api/v1/projects/matrix?from=2010-01-01&to=2010-12-31',
        headers: ne,
      }),
    );
    expect(early.cells.every((c) => c.projects === 0)).toBe(true);
    expect(m.regional_projects).toBeGreaterThan(0);
    // France, outside the group, does not see the group's projects in any cell.
    const fr = json<Matrix>(
      await t.app.inject({ url: '/api/v1/projects/matrix', headers: await t.login('analyst-fr') }),
    );
    const frNe = fr.cells.find((c) => c.country === 'NE' && c.domain === 'border_security');
    expect(frNe?.donors ?? []).not.toContain('US');
  });

  it('exports CSV that imports back: an edited row updates, a bad file is refused by line with nothing written', async () => {
    const us = await t.login('analyst-us');
    const csv = await t.app.inject({ url: '/api/v1/projects/export.csv?donor=US', headers: us });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^id,title_ar,title_fr,title_en,/);
    const own = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?donor=US&limit=500', headers: us }),
    );
    expect(lines.length - 1).toBe(own.total);

    const header =
      'title_en,donors,implementers,countries,domains,starts_on,ends_on,status,budget,currency,audience,tlp';
    const good = `${header}\r\nCSV project one,US; Global Fund,IOM,NE:Agadez,Border security,2024-01-01,2025-12-31,active,1 000 000,USD,coalition,green\r\n"CSV project, two",US,,TD,terrorist_financing,2024-03-01,,pipeline,,,member,amber\r\n`;
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: { ...us, 'content-type': 'text/csv' },
      payload: good,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(json(imported)).toMatchObject({ format: 'csv', created: 2, updated: 0, rejected: 0 });
    const one = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?q=CSV%20project%20one', headers: us }),
    ).items[0]!;
    expect(one).toMatchObject({
      countries: [{ country: 'NE', admin1: 'Agadez' }],
      domains: ['border_security'],
      budget: 1000000,
      audience: 'coalition',
      source: 'csv',
    });
    expect(one.parties.map((p) => p.member ?? p.name)).toEqual(['US', 'Global Fund', 'IOM']);

    const bad = `${header}\r\nfine,US,,NE,border_security,2024-01-01,,active,,,member,green\r\nbad dates,US,,NE,border_security,2024-05-01,2024-01-01,active,,,member,green\r\nbad domain,US,,NE,cooking,2024-01-01,,active,,,member,green\r\n"multi\r\nline",US,,XX,border_security,2024-01-01,,active,,,member,green\r\n`;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: { ...us, 'content-type': 'text/csv' },
      payload: bad,
    });
    expect(refused.statusCode).toBe(422);
    const body = json<{
      code: string;
      rejected: number;
      problems: { line: number; field: string }[];
    }>(refused);
    expect(body.code).toBe('invalid_rows');
    expect(body.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'ends_on'],
      [4, 'domains'],
      [5, 'countries[0].country'],
    ]);
    const fine = json<ProjectPage>(
      await t.app.inject({ url: '/api/v1/projects?q=fine', headers: us }),
    );
    expect(fine.total).toBe(0);

    // The exported row of "CSV project one", edited, replaces it (same id).
    const exported = (
      await t.app.inject({ url: '/api/v1/projects/export.csv?q=CSV%20project%20one', headers: us })
    ).body;
    const edited = exported.replace(',active,', ',suspended,');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: { ...us, 'content-type': 'text/csv' },
      payload: edited,
    });
    expect(json(again)).toMatchObject({ created: 0, updated: 1 });
    expect(
      json<Project>(await t.app.inject({ url: `/api/v1/projects/${one.id}`, headers: us })).status,
    ).toBe('suspended');
    // Another member cannot take over that row.
    const takeover = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: { ...(await t.login('analyst-it')), 'content-type': 'text/csv' },
      payload: edited,
    });
    expect(takeover.statusCode).toBe(422);
    expect(json<{ problems: { field: string }[] }>(takeover).problems[0]!.field).toBe('id');
  });

  it('streams import progress as NDJSON lines ending with the result', async () => {
    const rows = Array.from(
      { length: 450 },
      (_, i) => `Bulk ${i},US,,NE,border_security,2024-01-01,,active,,,member,green`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: {
        ...(await t.login('analyst-us')),
        'content-type': 'text/csv',
        accept: 'application/x-ndjson',
      },
      payload: `title_en,donors,implementers,countries,domains,starts_on,ends_on,status,budget,currency,audience,tlp\n${rows.join('\n')}\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.phase === 'write')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ result: { created: 450 } });
  });

  it('instance admins add domains; others may not', async () => {
    const names = {
      ar: 'حماية البنى التحتية الحيوية',
      fr: 'Protection des infrastructures critiques',
      en: 'Critical infrastructure protection',
    };
    expect(
      (await post('analyst-ma', '/api/v1/domains', { key: 'critical_infrastructure', names }))
        .statusCode,
    ).toBe(403);
    const added = await post('admin', '/api/v1/domains', { key: 'critical_infrastructure', names });
    expect(added.statusCode, added.body).toBe(201);
    const list = json<{ items: { key: string }[] }>(
      await t.app.inject({ url: '/api/v1/domains', headers: await t.login('analyst-ne') }),
    );
    expect(list.items.at(-2)?.key).toBe('critical_infrastructure');
    expect(list.items.at(-1)?.key).toBe('other');
    expect(
      (await post('admin', '/api/v1/domains', { key: 'critical_infrastructure', names }))
        .statusCode,
    ).toBe(409);
  });
});
