import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, Project, ProjectPage } from '../../contract/coordination.ts';
import { DIALECTS, FIXTURES, json, testApp, type TestApp } from '../../test/helpers.ts';

const run = promisify(execFile);
const IATI = path.join(FIXTURES, 'iati');
const SCHEMA = path.join(IATI, 'iati-activities-schema.xsd');
const example = fs.readFileSync(
  path.join(IATI, 'activity-standard-example-annotated-2.03.xml'),
  'utf8',
);
const variations = fs.readFileSync(path.join(IATI, 'publisher-variations.xml'), 'utf8');

/** xmllint's verdict on a file against the IATI 2.03 schema. */
async function validate(xml: string): Promise<{ ok: boolean; errors: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-iati-')), 'export.xml');
  fs.writeFileSync(file, xml);
  try {
    await run('xmllint', ['--noout', '--schema', SCHEMA, file]);
    return { ok: true, errors: '' };
  } catch (error) {
    return { ok: false, errors: (error as { stderr: string }).stderr };
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe.each(DIALECTS)('IATI import and export on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  const importAs = async (
    username: string,
    xml: string,
    query = 'audience=group:africa-focus-group&tlp=green',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/import?${query}`,
      headers: { ...(await t.login(username)), 'content-type': 'application/xml' },
      payload: xml,
    });
  const byIdentifier = async (identifier: string, username = 'analyst-it') =>
    json<ProjectPage>(
      await t.app.inject({
        url: `/api/v1/projects?q=${encodeURIComponent(identifier)}&source=iati`,
        headers: await t.login(username),
      }),
    ).items.find((p) => p.iati_identifier === identifier);
  const projectWrites = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', 'in', ['project.create', 'project.update'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports the standard's annotated example, keeping its identifier, codes and languages", async () => {
    const res = await importAs('analyst-it', example);
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ImportResult>(res)).toMatchObject({ format: 'iati', created: 1, rejected: 0 });
    const p = (await byIdentifier('AA-AAA-123456789-ABC123'))!;
    expect(p).toMatchObject({
      title: { en: 'Activity title', fr: "Titre de l'activité" },
      status: 'active',
      starts_on: '2012-04-28',
      ends_on: '2015-12-31',
      budget: 3000,
      currency: 'EUR',
      reporting_org: { ref: 'AA-AAA-123456789', name: 'Organisation name' },
      source: 'iati',
      owner: 'IT',
    });
    expect(p.countries.map((c) => c.country)).toEqual(['AF', 'AG']);
    expect(p.regions.map((r) => `${r.vocabulary}:${r.code}`)).toEqual(['1:489', '99:A1']);
    expect(p.sectors.map((s) => `${s.vocabulary}:${s.code}`)).toEqual(['2:111', '2:112', '99:A1']);
    expect(p.parties.map((x) => `${x.role}:${x.name}`)).toEqual([
      'funding:Name of Agency B',
      'accountable:Name of Agency C',
      'extending:Name of Agency A',
    ]);
    expect(p.contacts).toEqual([
      {
        name: 'A. Example',
        organisation: 'Agency A',
        email: 'transparency@example.org',
        phone: '0044111222333444',
      },
    ]);
  });

  it("reads real publishers' variations and reports unreadable activities by identifier", async () => {
    const res = await importAs('analyst-it', variations);
    const result = json<ImportResult>(res);
    expect(result).toMatchObject({ created: 4, updated: 0, unchanged: 0, rejected: 2 });
    expect(result.problems.map((p) => [p.identifier, p.line])).toEqual([
      ['XM-EXERCISE-BAD-003', 106],
      ['XM-EXERCISE-NODATE-004', 109],
    ]);
    expect(result.problems[0]!.message).toMatch(/not well-formed/);
    expect(result.problems[1]!.message).toMatch(/no start date/);
    expect(result.warnings.map((w) => `${w.identifier} ${w.field}`)).toEqual([
      'GB-GOV-1-EXERCISE-005 title',
      'GB-GOV-1-EXERCISE-005 budget',
      'XM-DAC-6-4-EXERCISE-001 iati-identifier',
    ]);

    // Sectors and country per transaction; DAC codes mapped and kept; revised budget wins.
    const it1 = (await byIdentifier('XM-DAC-6-4-EXERCISE-001'))!;
    expect(it1.countries.map((c) => c.country)).toEqual(['NE']);
    expect(it1.sectors.map((s) => s.code)).toEqual(['15210', '15130']);
    expect(it1.domains).toEqual(['criminal_justice', 'law_enforcement', 'legal_frameworks']);
    expect(it1.title.ar).toBe('[تمرين] دعم قطاع العدالة والأمن في تيلابيري');
    expect(it1).toMatchObject({ budget: 2000000, currency: 'EUR', starts_on: '2023-05-15' });
    // The funding organisation is a member of this instance (DAC donor code 6 = Italy).
    expect(it1.parties[0]).toMatchObject({ role: 'funding', member: 'IT', ref: 'XM-DAC-6-4' });

    // A recipient region and no country; the publisher's own vocabulary read by its words.
    const us = (await byIdentifier('US-GOV-1-EXERCISE-002'))!;
    expect(us.countries).toEqual([]);
    expect(us.regions).toEqual([{ code: '289', vocabulary: '1', percentage: null }]);
    expect(us.sectors.map((s) => `${s.vocabulary}:${s.code}`)).toEqual(['1:15220', '99:PCVE-2']);
    expect(us.domains).toEqual(['violent_extremism']);
    expect(us.parties[0]).toMatchObject({ member: 'US' });
    expect(us.description.fr).toMatch(/région bénéficiaire/);

    // The second root (2.03): a Spanish title, two countries with percentages, DAC 3-digit.
    const gb = (await byIdentifier('GB-GOV-1-EXERCISE-005'))!;
    expect(gb.title.en).toBe('[EJERCICIO] Seguridad en la cuenca del lago Chad');
    expect(gb.countries).toEqual([
      { country: 'TD', admin1: null, percentage: 60 },
      { country: 'CM', admin1: null, percentage: 40 },
    ]);
    expect(gb).toMatchObject({ status: 'completed', budget: 900000, currency: 'GBP' });
    expect(gb.parties[0]).toMatchObject({
      member: null,
      name: 'Foreign, Commonwealth and Development Office (exercise)',
    });

    // 1.0x spellings: text roles, worded date types, vocabulary "DAC", text without narrative.
    const fr = (await byIdentifier('FR-6-EXERCISE-006'))!;
    expect(fr).toMatchObject({
      title: { fr: '[EXERCICE] Appui à la cellule de renseignement financier du Mali' },
      starts_on: '2022-06-01',
    });
    expect(fr.domains).toEqual(['terrorist_financing']);
    expect(fr.parties[0]).toMatchObject({ member: 'FR' });
  });

  it('importing the same file again changes nothing; a changed activity is updated in place', async () => {
    const before = await projectWrites();
    const first = (await byIdentifier('XM-DAC-6-4-EXERCISE-001'))!;
    const again = json<ImportResult>(await importAs('analyst-it', variations));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 2 });
    expect(await projectWrites()).toBe(before);
    expect((await byIdentifier('XM-DAC-6-4-EXERCISE-001'))!.updated_at).toBe(first.updated_at);

    const changed = variations.replace(
      'Justice and security sector support in Tillabéri',
      'Justice sector support in Tillabéri',
    );
    const third = json<ImportResult>(await importAs('analyst-it', changed));
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const updated = (await byIdentifier('XM-DAC-6-4-EXERCISE-001'))!;
    expect(updated.id).toBe(first.id);
    expect(updated.title.en).toBe('[EXERCISE] Justice sector support in Tillabéri');
    // Another member's import of the same file is its own register entries, not Italy's.
    const byUs = json<ImportResult>(await importAs('analyst-us', variations));
    expect(byUs.created).toBe(4);
    // A change of sharing is a change too.
    const wider = json<ImportResult>(
      await importAs('analyst-it', changed, 'audience=coalition&tlp=green'),
    );
    expect(wider.updated).toBe(4);
  });

  it('refuses what is not an IATI file, and writes nothing', async () => {
    const res = await importAs('analyst-it', '<html><body>not iati</body></html>');
    expect(res.statusCode).toBe(422);
    expect(json<{ field: string; message: string }>(res)).toMatchObject({ field: 'file' });
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      headers: { ...(await t.login('analyst-it')), 'content-type': 'application/json' },
      payload: { x: 1 },
    });
    expect(wrongType.statusCode).toBe(415);
    const reader = await importAs('reader-ma', example);
    expect(reader.statusCode).toBe(403);
  });

  it('exports the register as IATI 2.03 XML that the schema validates, and that imports back', async () => {
    const res = await t.app.inject({
      url: '/api/v1/projects/export.xml',
      headers: await t.login('analyst-ne'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    const verdict = await validate(res.body);
    expect(verdict.errors).toBe('');
    expect(verdict.ok).toBe(true);
    // Imported activities keep their identifiers; our own get one; handling travels with them.
    expect(res.body).toContain('<iati-identifier>XM-DAC-6-4-EXERCISE-001</iati-identifier>');
    expect(res.body).toMatch(/<iati-identifier>TANSIQ-US-[0-9a-f-]{36}<\/iati-identifier>/);
    expect(res.body).toMatch(
      /<tansiq:sharing owner="US" tlp="green" audience="group:africa-focus-group"/,
    );
    // Niger (in the group) sees the group's projects; France (outside) does not export them.
    const fr = await t.app.inject({
      url: '/api/v1/projects/export.xml',
      headers: await t.login('analyst-fr'),
    });
    expect(res.body).toContain('<iati-identifier>XM-DAC-6-4-EXERCISE-0001</iati-identifier>');
    expect(fr.body).not.toContain('<iati-identifier>XM-DAC-6-4-EXERCISE-0001</iati-identifier>');
    expect((await validate(fr.body)).ok).toBe(true);

    // Niger imports the export: our domains come back as domains, admin1 as admin1.
    const back = json<ImportResult>(await importAs('analyst-ne', res.body, 'audience=member'));
    expect(back.rejected).toBe(0);
    const ours = json<ProjectPage>(
      await t.app.inject({
        url: '/api/v1/projects?q=Tillab%C3%A9ri&source=iati&limit=100',
        headers: await t.login('analyst-ne'),
      }),
    ).items.find((p: Project) => p.owner === 'NE' && p.iati_identifier?.startsWith('TANSIQ-US-'));
    expect(ours).toBeDefined();
    expect(ours!.domains).toEqual(['border_security']);
    expect(ours!.countries).toEqual([{ country: 'NE', admin1: 'Tillabéri', percentage: null }]);
    expect(ours!.sectors).toEqual([]);
  });

  it('audits every export', async () => {
    const count = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', 'projects.export')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await t.app.inject({
      url: '/api/v1/projects/export.xml',
      headers: await t.login('analyst-ma'),
    });
    await t.app.inject({
      url: '/api/v1/projects/export.csv',
      headers: await t.login('analyst-ma'),
    });
    expect(await count()).toBe(before + 2);
  });
});
