import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Communique } from '../../contract/coordination.ts';
import { createUser } from '../accounts/users.service.ts';
import { DEMO_PASSWORD, DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

/**
 * Joint communiqués: drafted in three languages, approved by every member co-chairing the group
 * that day (today: Italy, Morocco, Saudi Arabia, the United States), published, then public.
 */

const draft = {
  group: 'africa-focus-group',
  title: {
    ar: '[تمرين] بيان مشترك حول أمن الحدود',
    fr: '[EXERCICE] Communiqué conjoint sur la sécurité des frontières',
    en: '[EXERCISE] Joint communiqué on border security',
  },
  body: {
    ar: 'تمرين — نص مختلق.\n\nيرحب الرؤساء المشاركون بالتقدم المحرز.',
    fr: 'EXERCICE — texte inventé.\n\nLes coprésidents saluent les progrès accomplis.',
    en: 'EXERCISE — invented text.\n\nThe co-chairs welcome the progress made.',
  },
};

describe.each(DIALECTS)('joint communiqués on %s', (dialect) => {
  let t: TestApp;
  let id = '';
  beforeAll(async () => {
    t = await testApp(dialect);
    await createUser(t.handle.db, null, {
      username: 'observer-unoct',
      password: DEMO_PASSWORD,
      role: 'analyst',
      member: 'UNOCT',
    });
  });
  afterAll(() => t.close());

  it('a member of the group drafts one; the co-chairs of the day are listed, none approved', async () => {
    const res = await t.as('analyst-it', 'POST', '/api/v1/communiques', draft);
    expect(res.statusCode, res.body).toBe(201);
    const c = json<Communique>(res);
    id = c.id;
    expect(c).toMatchObject({
      status: 'draft',
      revision: 1,
      tlp: 'amber',
      approved_by_all: false,
      may_approve: true,
      may_publish: false,
    });
    expect(c.co_chairs).toEqual([
      { member: 'IT', approved: false, approved_at: null },
      { member: 'MA', approved: false, approved_at: null },
      { member: 'SA', approved: false, approved_at: null },
      { member: 'US', approved: false, approved_at: null },
    ]);
  });

  it('refuses an unknown group, a missing text, an outsider and an observer as drafters', async () => {
    expect(
      (await t.as('analyst-it', 'POST', '/api/v1/communiques', { ...draft, group: 'nowhere' }))
        .statusCode,
    ).toBe(422);
    const empty = await t.as('analyst-it', 'POST', '/api/v1/communiques', {
      ...draft,
      body: { en: ' ' },
    });
    expect(empty.statusCode).toBe(422);
    expect(json<{ field: string }>(empty).field).toBe('body');
    expect((await t.as('analyst-fr', 'POST', '/api/v1/communiques', draft)).statusCode).toBe(403);
    expect((await t.as('observer-unoct', 'POST', '/api/v1/communiques', draft)).statusCode).toBe(
      403,
    );
  });

  it('members and observers of the group read the draft; outsiders do not', async () => {
    for (const username of ['analyst-ne', 'observer-unoct', 'reader-ma', 'analyst-sa']) {
      expect((await t.as(username, 'GET', `/api/v1/communiques/${id}`)).statusCode, username).toBe(
        200,
      );
    }
    expect((await t.as('analyst-fr', 'GET', `/api/v1/communiques/${id}`)).statusCode).toBe(404);
    const list = json<{ items: Communique[] }>(
      await t.as('analyst-fr', 'GET', '/api/v1/communiques'),
    );
    expect(list.items.some((c) => c.id === id)).toBe(false);
  });

  it('non-co-chairs, observers and former co-chairs may not approve', async () => {
    for (const username of ['analyst-ng', 'observer-unoct', 'analyst-ne']) {
      const res = await t.as(username, 'POST', `/api/v1/communiques/${id}/approve`);
      expect(res.statusCode, username).toBe(403);
      expect(json(res)).toMatchObject({ code: 'not_co_chair' });
    }
    // A reader of a co-chair member writes nothing.
    expect((await t.as('reader-ma', 'POST', `/api/v1/communiques/${id}/approve`)).statusCode).toBe(
      403,
    );
  });

  it('three approvals of four: publishing is refused, naming who has not approved', async () => {
    for (const username of ['analyst-it', 'analyst-ma', 'analyst-sa']) {
      const res = await t.as(username, 'POST', `/api/v1/communiques/${id}/approve`);
      expect(res.statusCode, res.body).toBe(200);
    }
    const early = await t.as('analyst-it', 'POST', `/api/v1/communiques/${id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(json(early)).toMatchObject({ code: 'approvals_missing' });
    expect(json<{ message: string }>(early).message).toMatch(/by US/);
    expect(
      json<Communique>(await t.as('analyst-it', 'GET', `/api/v1/communiques/${id}`)).status,
    ).toBe('draft');
  });

  it('an edit withdraws every approval', async () => {
    const edited = await t.as('analyst-ma', 'PUT', `/api/v1/communiques/${id}`, {
      title: draft.title,
      body: { ...draft.body, en: `${draft.body.en}\n\nThey will meet again in June.` },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const c = json<Communique>(edited);
    expect(c.revision).toBe(2);
    expect(c.co_chairs.every((x) => !x.approved)).toBe(true);
    expect(
      (
        await t.as('analyst-ne', 'PUT', `/api/v1/communiques/${id}`, {
          title: draft.title,
          body: draft.body,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('with all four co-chairs approving the current text it is published, once', async () => {
    for (const username of ['analyst-it', 'analyst-ma', 'analyst-sa']) {
      expect((await t.as(username, 'POST', `/api/v1/communiques/${id}/approve`)).statusCode).toBe(
        200,
      );
    }
    expect((await t.as('analyst-sa', 'POST', `/api/v1/communiques/${id}/publish`)).statusCode).toBe(
      409,
    );
    const last = json<Communique>(
      await t.as('analyst-us', 'POST', `/api/v1/communiques/${id}/approve`),
    );
    expect(last).toMatchObject({ approved_by_all: true, may_publish: true });
    // Only a co-chair publishes.
    expect((await t.as('analyst-ne', 'POST', `/api/v1/communiques/${id}/publish`)).statusCode).toBe(
      403,
    );
    const published = await t.as('analyst-us', 'POST', `/api/v1/communiques/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(json<Communique>(published)).toMatchObject({
      status: 'published',
      tlp: 'clear',
      audience: 'coalition',
    });
    expect((await t.as('analyst-us', 'POST', `/api/v1/communiques/${id}/publish`)).statusCode).toBe(
      409,
    );
    expect(
      (
        await t.as('analyst-it', 'PUT', `/api/v1/communiques/${id}`, {
          title: draft.title,
          body: draft.body,
        })
      ).statusCode,
    ).toBe(409);
    // Now everyone on the instance reads it, France included.
    expect((await t.as('analyst-fr', 'GET', `/api/v1/communiques/${id}`)).statusCode).toBe(200);
    const audit = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'communique.create',
      ...Array(3).fill('communique.approve'),
      'communique.update',
      ...Array(4).fill('communique.approve'),
      'communique.publish',
    ]);
  });

  it('published communiqués are public: HTML in three languages without script, and Atom', async () => {
    const ar = await t.app.inject({ url: '/public/communiques?lang=ar' });
    expect(ar.statusCode).toBe(200);
    expect(ar.headers['content-type']).toMatch(/^text\/html/);
    expect(ar.body).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar.body).toContain('[تمرين] بيان مشترك حول أمن الحدود');
    expect(ar.body).not.toMatch(/<script|style=|\son\w+=/i);
    expect(String(ar.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    // The demo's drafts stay private; its published exercise communiqués are labelled.
    expect(ar.body).not.toContain('حصيلة خطة العمل');
    expect(ar.body).toContain('تمرين — نص مختلق لأغراض التدريب');
    const arDetail = await t.app.inject({ url: `/public/communiques/${id}?lang=ar` });
    expect(arDetail.body).toContain('يرحب الرؤساء المشاركون بالتقدم المحرز.');
    expect(arDetail.body).not.toContain('غير متوفر بالعربية');
    const fr = await t.app.inject({
      url: `/public/communiques/${id}`,
      headers: { 'accept-language': 'fr-FR,fr;q=0.9' },
    });
    expect(fr.body).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr.body).toContain('Les coprésidents saluent les progrès accomplis.');
    const en = await t.app.inject({ url: `/public/communiques/${id}?lang=en` });
    expect(en.body).toContain('They will meet again in June.');
    expect(
      (await t.app.inject({ url: '/public/communiques/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
    const atom = await t.app.inject({ url: '/public/communiques.atom?lang=fr' });
    expect(atom.statusCode).toBe(200);
    expect(atom.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.body).toContain(`urn:tansiq:communique:${id}`);
    expect(atom.body).toContain('Communiqué conjoint sur la sécurité des frontières');
    const css = await t.app.inject({ url: '/public/communiques.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});
