import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Communique, Meeting, Need, Project } from '../../contract/coordination.ts';
import type { Draft } from '../../contract/ingest.ts';
import type { SearchHit, SearchPage } from '../../contract/search.ts';
import { stopExtractor } from '../ingest/extractor.ts';
import { DIALECTS, FIXTURES, json, testApp, type TestApp } from '../../test/helpers.ts';
import { reindexAll } from './search.index.ts';

/**
 * Meetings, capacity-building projects, needs, communiqués and article drafts in search, on both
 * databases: each found by its own words in its own language (Arabic in any spelling, French and
 * English folded), named in the reader's language, opened by its kind, counted in the type facet;
 * its document follows every change in the transaction that makes it, and leaves with the record.
 * Records written before these kinds joined search are found once the indexer rebuilt them.
 * (Who may find them: search.records.policy.test.ts.) All records here are exercise data.
 */
const MALI = fs.readFileSync(
  path.join(FIXTURES, 'articles', 'ar_akhbaralaan_mali_attacks_2022.txt'),
  'utf8',
);

afterAll(() => stopExtractor());

describe.each(DIALECTS)('coordination records and article drafts in search, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  async function act<T>(
    username: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    status = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200,
  ): Promise<T> {
    const res = await t.app.inject({
      method,
      url,
      headers: await t.login(username),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return (res.body ? json<T>(res) : undefined) as T;
  }
  async function search(
    username: string,
    q: string,
    params: Record<string, string> = {},
  ): Promise<SearchPage> {
    const query = new URLSearchParams({ q, limit: '100', ...params });
    return act<SearchPage>(username, 'GET', `/api/v1/search?${query}`);
  }
  const ids = (page: SearchPage) => page.items.map((i) => i.id);
  const hit = (page: SearchPage, id: string) => page.items.find((i) => i.id === id);

  it('finds a meeting by its Arabic title, minutes and action items in any spelling, and follows its changes', async () => {
    const meeting = await act<Meeting>('analyst-ma', 'POST', '/api/v1/meetings', {
      group: 'africa-focus-group',
      title: {
        ar: '[تمرين] اجتماع الخليّة الزمرّدية',
        fr: '[EXERCICE] Réunion de la cellule émeraude',
        en: '[EXERCISE] Emerald cell meeting',
      },
      minutes: { ar: 'ناقش المشاركون إنشاءَ مدرسةٍ إقليميةٍ للمؤطِّرين في مجال أمن الحدود.' },
      start: '2031-03-10T09:00',
      end: '2031-03-10T12:00',
      time_zone: 'Africa/Niamey',
      place: 'Niamey',
      modality: 'hybrid',
      actions: [{ text: { ar: 'إعداد دراسة جدوى للمدرسة' }, owner: 'MA', due_on: '2031-04-01' }],
      audience: 'group:africa-focus-group',
      tlp: 'amber',
    });

    // Shadda and ta marbuta in the record, neither in the query; the reader's language names it.
    const byTitle = await search('analyst-ne', 'الزمرديه', { lang: 'ar' });
    expect(ids(byTitle)).toEqual([meeting.id]);
    expect(byTitle.items[0]).toMatchObject({
      kind: 'meeting',
      type: 'meeting',
      name: '[تمرين] اجتماع الخليّة الزمرّدية',
      lang: 'ar',
      owner: 'MA',
      tlp: 'amber',
      date: '2031-03-10T08:00:00.000Z',
    });
    expect(byTitle.facets!.type).toEqual([{ value: 'meeting', count: 1 }]);
    expect((await search('analyst-ne', 'émeraude', { lang: 'fr' })).items[0]).toMatchObject({
      id: meeting.id,
      name: '[EXERCICE] Réunion de la cellule émeraude',
      lang: 'fr',
    });
    expect(ids(await search('analyst-ne', 'EMERAUDE'))).toEqual([meeting.id]);

    // Hamza below alef and ta marbuta, in the minutes: the snippet marks the words as written.
    const byMinutes = await search('analyst-ne', 'مدرسه اقليميه', { lang: 'ar' });
    expect(ids(byMinutes)).toEqual([meeting.id]);
    expect(byMinutes.items[0]!.snippet).toMatchObject({ field: 'minutes', lang: 'ar' });
    expect(byMinutes.items[0]!.snippet!.parts.filter((p) => p.mark).map((p) => p.text)).toEqual([
      'مدرسةٍ',
      'إقليميةٍ',
    ]);
    // Alef maqsura as ya, in an action item.
    const byAction = await search('analyst-ne', 'جدوي');
    expect(ids(byAction)).toEqual([meeting.id]);
    expect(byAction.items[0]!.snippet!.field).toBe('action');

    // A new action item, a new title: the document follows in the same transaction.
    await act('analyst-ma', 'POST', `/api/v1/meetings/${meeting.id}/actions`, {
      text: { fr: 'Organiser un atelier sur le financement' },
      owner: 'NE',
      due_on: '2031-05-01',
    });
    expect(ids(await search('analyst-ne', 'ateliers financement'))).toEqual([meeting.id]);
    await act('analyst-ma', 'PUT', `/api/v1/meetings/${meeting.id}`, {
      title: { ar: '[تمرين] اجتماع الخلية الياقوتية' },
      minutes: { ar: 'ناقش المشاركون إنشاء مدرسة إقليمية.' },
      start: '2031-03-11T09:00',
      end: '2031-03-11T12:00',
      time_zone: 'Africa/Niamey',
      place: 'Niamey',
      modality: 'hybrid',
    });
    expect((await search('analyst-ne', 'الزمرديه')).total).toBe(0);
    const renamed = await search('analyst-ne', 'الياقوتيه');
    expect(ids(renamed)).toEqual([meeting.id]);
    expect(renamed.items[0]!.date).toBe('2031-03-11T08:00:00.000Z');
    const onlyMeetings = await search('analyst-ne', 'Niamey', { type: 'meeting' });
    expect(ids(onlyMeetings)).toContain(meeting.id);
    expect(onlyMeetings.items.every((i) => i.kind === 'meeting')).toBe(true);
    expect(onlyMeetings.facets!.type.find((f) => f.value === 'project')?.count).toBeGreaterThan(0);

    await act('analyst-ma', 'DELETE', `/api/v1/meetings/${meeting.id}`);
    for (const q of ['الياقوتيه', 'مدرسه', 'ateliers financement', 'Niamey'])
      expect(ids(await search('analyst-ne', q)), q).not.toContain(meeting.id);
    const left = await sql`SELECT doc_id FROM search_docs WHERE record_key = ${meeting.id}`.execute(
      t.handle.db,
    );
    expect(left.rows).toEqual([]);
  });

  it('finds a project in French by its words, donor and domain in any language, and a need in English', async () => {
    const project = await act<Project>('analyst-it', 'POST', '/api/v1/projects', {
      title: { fr: '[EXERCICE] Formation des magistrats du pôle judiciaire spécialisé' },
      description: { fr: 'Sessions pour les procureurs chargés des dossiers de terrorisme.' },
      donors: [{ member: 'IT' }],
      countries: [{ country: 'NE' }],
      domains: ['criminal_justice'],
      starts_on: '2030-02-01',
      status: 'pipeline',
      audience: 'coalition',
      tlp: 'green',
    });
    const page = await search('analyst-fr', 'magistrat pole judiciaire', { lang: 'fr' });
    expect(ids(page)).toEqual([project.id]);
    expect(page.items[0]).toMatchObject({
      kind: 'project',
      type: 'project',
      name: '[EXERCICE] Formation des magistrats du pôle judiciaire spécialisé',
      date: '2030-02-01T00:00:00.000Z',
    });
    // Its donor by the member's Arabic name, its domain by its English name.
    expect(ids(await search('analyst-fr', 'إيطاليا procureurs'))).toEqual([project.id]);
    expect(
      ids(await search('analyst-fr', 'criminal justice procureurs', { type: 'project' })),
    ).toEqual([project.id]);

    const need = await act<Need>('analyst-ng', 'POST', '/api/v1/needs', {
      country: 'NG',
      domain: 'criminal_justice',
      title: { en: '[EXERCISE] Forensic laboratories for investigators' },
      description: { en: 'Two laboratories in Maiduguri and Abuja.' },
      priority: 'high',
      audience: 'coalition',
      tlp: 'green',
    });
    expect(ids(await search('analyst-fr', 'laboratory investigator'))).toEqual([need.id]);
    await act('analyst-ng', 'PATCH', `/api/v1/needs/${need.id}`, {
      title: { en: '[EXERCISE] Forensic equipment for investigators' },
    });
    expect(ids(await search('analyst-fr', 'forensic laboratories'))).toEqual([need.id]);
    expect(ids(await search('analyst-fr', 'forensic equipment'))).toEqual([need.id]);
    expect((await search('analyst-fr', '"forensic laboratories"')).total).toBe(0);

    await act('analyst-it', 'DELETE', `/api/v1/projects/${project.id}`);
    expect((await search('analyst-fr', 'magistrat pole judiciaire')).total).toBe(0);
  });

  it('finds a communiqué draft by its Arabic body and follows its edits', async () => {
    const draft = await act<Communique>('analyst-it', 'POST', '/api/v1/communiques', {
      group: 'africa-focus-group',
      title: { ar: '[تمرين] بيان مشترك حول تجفيف منابع التمويل' },
      body: { ar: 'يؤكّد الرؤساء المشاركون التزامَهم بتجفيف منابع تمويلِ الإرهاب في الساحل.' },
    });
    const found = await search('analyst-ma', 'تجفيف منابع الارهاب');
    expect(ids(found)).toEqual([draft.id]);
    expect(found.items[0]).toMatchObject({ kind: 'communique', type: 'communique', owner: 'IT' });
    await act('analyst-it', 'PUT', `/api/v1/communiques/${draft.id}`, {
      title: { ar: '[تمرين] بيان مشترك حول أمن الحدود' },
      body: { ar: 'يدعو الرؤساء المشاركون إلى تعزيز أمن الحدود.' },
    });
    expect((await search('analyst-ma', 'تجفيف منابع')).total).toBe(0);
    expect(ids(await search('analyst-ma', 'امن الحدود', { type: 'communique' }))).toContain(
      draft.id,
    );
  });

  it('finds an article draft by its Arabic text in any spelling, and forgets it when deleted', async () => {
    const draft = await act<Draft>('analyst-ma', 'POST', '/api/v1/ingest', {
      content: MALI,
      published: '2022-08-11',
    });
    // "الجماعات الإرهابية" in the article, written without hamza and with ha.
    const page = await search('analyst-ma', 'الجماعات الارهابيه', { type: 'article-draft' });
    expect(ids(page)).toEqual([draft.id]);
    expect(page.items[0]).toMatchObject({
      kind: 'article-draft',
      type: 'article-draft',
      name: draft.title,
      lang: 'ar',
      owner: 'MA',
      date: '2022-08-11T00:00:00.000Z',
    });
    // The passage is the article's (or the proposed report's, which quotes it), marked as written.
    expect(['article', 'description']).toContain(page.items[0]!.snippet!.field);
    expect(page.items[0]!.snippet!.parts.filter((p) => p.mark).map((p) => p.text)).toContain(
      'الإرهابية',
    );
    // The analyst's proposed report name is searchable as soon as it is saved.
    await act('analyst-ma', 'PUT', `/api/v1/ingest/drafts/${draft.id}/review`, {
      ...draft.review,
      report: { ...draft.review.report, name: '[تمرين] هجمات المثلث الحدودي الفيروزي' },
    });
    expect(ids(await search('analyst-ma', 'الفيروزي'))).toEqual([draft.id]);

    await act('analyst-ma', 'DELETE', `/api/v1/ingest/drafts/${draft.id}`);
    expect(ids(await search('analyst-ma', 'الجماعات الارهابيه'))).not.toContain(draft.id);
    expect((await search('analyst-ma', 'الفيروزي')).total).toBe(0);
  });

  it('finds records written before they joined search once the indexer has rebuilt them', async () => {
    // The demo's meetings, as an installation that had them before search knew meetings.
    const before = await search('analyst-ma', 'Marrakech', { type: 'meeting', lang: 'en' });
    expect(before.total).toBeGreaterThan(0);
    const kinds = ['meeting', 'project', 'need', 'communique', 'article-draft'];
    await t.handle.db.transaction().execute(async (trx) => {
      const docs = sql`SELECT doc_id FROM search_docs WHERE kind IN (${sql.join(kinds)})`;
      if (dialect === 'sqlite')
        await sql`DELETE FROM search_fts WHERE rowid IN (${docs})`.execute(trx);
      await sql`DELETE FROM search_docs WHERE kind IN (${sql.join(kinds)})`.execute(trx);
    });
    expect((await search('analyst-ma', 'Marrakech', { type: 'meeting' })).total).toBe(0);
    // `tansiq search-index rebuild` (or new language rules): every kind is built again.
    await reindexAll(t.handle.db);
    const after = await search('analyst-ma', 'Marrakech', { type: 'meeting', lang: 'en' });
    expect(after.items.map((i: SearchHit) => [i.id, i.name])).toEqual(
      before.items.map((i) => [i.id, i.name]),
    );
    const state = await sql<{ kind: string; done: number }>`SELECT kind, done
      FROM search_kind_state ORDER BY kind`.execute(t.handle.db);
    expect(state.rows.map((r) => [r.kind, Number(r.done)])).toEqual(
      [...kinds].sort().map((k) => [k, 1]),
    );
    expect(hit(after, after.items[0]!.id)?.kind).toBe('meeting');
  });
});
