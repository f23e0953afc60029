import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES } from '../helpers.ts';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * A joint communiqué as the co-chairs of the Africa Focus Group handle it, in Chromium against
 * the real server, in Arabic. Today the co-chairs are Italy, Morocco, Saudi Arabia and the United
 * States (chair terms from 2023-11-15). Italy drafts; three approve; publishing is refused; the
 * fourth approves and publishes; the public page shows it in Arabic, right to left.
 */
describe('joint communiqué in the browser', () => {
  let h: Harness;
  let id = '';
  const title = '[تمرين] بيان مشترك للرؤساء المشاركين حول أمن الحدود في الساحل';

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  async function inArabic(username: string): Promise<Page> {
    const page = await h.signIn(username);
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    return page;
  }

  async function approve(username: string, shot?: string): Promise<Page> {
    const page = await inArabic(username);
    await page.goto(`${h.server.url}/communiques/${id}`);
    await page.getByTestId('communique-approve').click();
    await expect
      .poll(() =>
        page
          .locator(`[data-testid="approval"][data-member="${username.slice(-2).toUpperCase()}"]`)
          .getAttribute('data-approved'),
      )
      .toBe('true');
    if (shot) await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    return page;
  }

  it('Italy drafts a communiqué in Arabic, French and English', async () => {
    const page = await inArabic('analyst-it');
    await page.getByTestId('nav-communiques').click();
    await page.getByTestId('communique-new').click();
    await page.getByTestId('communique-title-ar').fill(title);
    await page
      .getByTestId('communique-title-fr')
      .fill(
        '[EXERCICE] Communiqué conjoint des coprésidents sur la sécurité des frontières au Sahel',
      );
    await page
      .getByTestId('communique-title-en')
      .fill('[EXERCISE] Joint communiqué of the co-chairs on border security in the Sahel');
    await page
      .getByTestId('communique-body-ar')
      .fill(
        'تمرين — نص مختلق لأغراض التدريب.\n\nيرحب الرؤساء المشاركون بالتقدم المحرز في تأمين الحدود.',
      );
    await page
      .getByTestId('communique-body-fr')
      .fill('EXERCICE — texte inventé.\n\nLes coprésidents saluent les progrès accomplis.');
    await page
      .getByTestId('communique-body-en')
      .fill('EXERCISE — invented text.\n\nThe co-chairs welcome the progress made.');
    await page.screenshot({ path: path.join(SHOTS, 'coord-1-draft-form-ar.png'), fullPage: true });
    await page.getByTestId('communique-submit').click();
    const detail = page.getByTestId('communique-detail');
    await detail.waitFor();
    id = (await detail.getAttribute('data-communique-id')) ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('communique-text-ar').getAttribute('dir')).toBe('rtl');
    expect(await page.getByTestId('approval').count()).toBe(4);
    await page.context().close();
  });

  it('three co-chairs approve: the fourth is awaited and publishing is refused', async () => {
    await (await approve('analyst-it')).context().close();
    await (await approve('analyst-ma')).context().close();
    const page = await approve('analyst-sa', 'coord-2-three-approvals-ar.png');
    expect(await page.getByTestId('communique-publish').isDisabled()).toBe(true);
    expect(await page.getByTestId('communique-publish-why').innerText()).toContain(
      'الولايات المتحدة',
    );
    // The server refuses too, whatever the page shows.
    const me = (await (await page.request.get(`${h.server.url}/api/v1/me`)).json()) as {
      csrfToken: string;
    };
    const forced = await page.request.post(`${h.server.url}/api/v1/communiques/${id}/publish`, {
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(forced.status()).toBe(409);
    expect(((await forced.json()) as { code: string }).code).toBe('approvals_missing');
    await page.context().close();
  });

  it('Niger, a former co-chair, reads the draft but cannot approve it', async () => {
    const page = await inArabic('analyst-ne');
    await page.goto(`${h.server.url}/communiques/${id}`);
    await page.getByTestId('communique-detail').waitFor();
    expect(await page.getByTestId('communique-approve').count()).toBe(0);
    expect(await page.getByTestId('communique-publish').isDisabled()).toBe(true);
    await page.context().close();
  });

  it('the fourth co-chair approves and publishes', async () => {
    const page = await approve('analyst-us');
    const publish = page.getByTestId('communique-publish');
    expect(await publish.isDisabled()).toBe(false);
    await publish.click();
    await expect
      .poll(() => page.getByTestId('communique-detail').getAttribute('data-status'))
      .toBe('published');
    await page.screenshot({ path: path.join(SHOTS, 'coord-3-published-ar.png'), fullPage: true });
    await page.context().close();
  });

  it('the public page shows it in Arabic, right to left, without logging in', async () => {
    for (const width of [1280, 390]) {
      const page = await h.newPage({ width, height: 900 });
      await page.goto(`${h.server.url}/public/communiques?lang=ar`);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      const item = page.locator(`article[data-id="${id}"]`);
      expect(await item.locator('h2').innerText()).toBe(title);
      expect(await page.locator('script').count()).toBe(0);
      await page.screenshot({
        path: path.join(SHOTS, `coord-4-public-list-ar-${width}.png`),
        fullPage: true,
      });
      await item.locator('h2 a').click();
      await page.locator(`article.communique[data-id="${id}"]`).waitFor();
      expect(await page.locator('h1').innerText()).toBe(title);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(SHOTS, `coord-5-public-communique-ar-${width}.png`),
        fullPage: true,
      });
      await page.context().close();
    }
  });

  it('the coverage matrix and a meeting read well in Arabic on a phone', async () => {
    const page = await inArabic('analyst-ne');
    await page.setViewportSize({ width: 390, height: 860 });
    // On a phone the navigation is behind the header's menu button.
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-coordination').click();
    await page.getByTestId('matrix-cards').waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'coord-6-matrix-ar-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    const gap = page.locator(
      'tr[data-country="NE"] [data-testid="matrix-cell"][data-domain="terrorist_financing"]',
    );
    expect(await gap.getAttribute('data-gap')).toBe('need');
    const overlap = page.locator(
      'tr[data-country="NE"] [data-testid="matrix-cell"][data-domain="border_security"]',
    );
    expect(await overlap.getAttribute('data-overlap')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'coord-7-matrix-ar-1280.png'), fullPage: true });
    await overlap.locator('a').click();
    await page.getByTestId('projects-list').waitFor();
    await expect.poll(() => page.getByTestId('project-row').count()).toBe(2);

    await page.setViewportSize({ width: 390, height: 860 });
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-meetings').click();
    await page.getByTestId('coord-tab-past').click();
    await page.getByTestId('meeting-link').last().click();
    await page.getByTestId('meeting-detail').waitFor();
    const presences = await page
      .getByTestId('participant-presence')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-value')));
    expect(presences.filter((p) => p === 'video').length).toBeGreaterThanOrEqual(3);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: path.join(SHOTS, 'coord-8-meeting-brussels-ar-390.png'),
      fullPage: true,
    });
    await page.context().close();
  });

  it('an IATI file uploaded in Arabic: progress, then unreadable activities by identifier', async () => {
    const page = await inArabic('analyst-it');
    await page.goto(`${h.server.url}/coordination/import`);
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'iati/publisher-variations.xml'));
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-summary').innerText()).toMatch(/٤/);
    const rows = await page.getByTestId('import-problems-row').allInnerTexts();
    expect(rows.join('\n')).toContain('XM-EXERCISE-BAD-003');
    expect(rows.join('\n')).toContain('XM-EXERCISE-NODATE-004');
    await page.screenshot({ path: path.join(SHOTS, 'coord-9-iati-import-ar.png'), fullPage: true });
    // A CSV with a bad line is refused whole, with the line named.
    await page.getByTestId('import-file').setInputFiles({
      name: 'projects.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'title_en,donors,countries,domains,starts_on,status\nGood,IT,NE,border_security,2024-01-01,active\nBad,IT,NE,border_security,2024-02-30,active\n',
      ),
    });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-problems-row').first().innerText()).toMatch(
      /٣[\s\S]*starts_on/,
    );
    await page.screenshot({
      path: path.join(SHOTS, 'coord-10-csv-refused-ar.png'),
      fullPage: true,
    });
    await page.context().close();
  });

  it('Niger registers a project and records a meeting with an action item, in Arabic', async () => {
    const page = await inArabic('analyst-ne');
    await page.goto(`${h.server.url}/coordination/projects/new`);
    await page.getByTestId('project-title-ar').fill('[تمرين] تكوين محققين ماليين في نيامي');
    await page.getByTestId('project-country-0').selectOption('NE');
    await page.getByTestId('project-admin1-0').fill('Niamey');
    await page.getByTestId('project-domain-terrorist_financing').check();
    await page.getByTestId('project-starts').fill('2025-01-01');
    await page.getByTestId('project-ends').fill('2026-12-31');
    await page.getByTestId('project-budget').fill('250000');
    await page.getByTestId('project-currency').fill('XOF');
    await page.getByTestId('project-submit').click();
    await page.getByTestId('project-detail').waitFor();
    expect(await page.getByTestId('project-donors').innerText()).toBe('النيجر');

    await page.goto(`${h.server.url}/meetings/new`);
    await page.getByTestId('meeting-title-ar').fill('[تمرين] اجتماع تنسيقي في نيامي');
    await page.getByTestId('meeting-start').fill('2031-05-04T09:00');
    await page.getByTestId('meeting-end').fill('2031-05-04T12:00');
    await page.getByTestId('meeting-zone').fill('Africa/Niamey');
    await page.getByTestId('meeting-place').fill('نيامي');
    await page.getByTestId('meeting-modality').selectOption('hybrid');
    await page.getByTestId('meeting-submit').click();
    await page.getByTestId('meeting-detail').waitFor();
    expect(await page.getByTestId('meeting-local-time').innerText()).toContain('Africa/Niamey');
    await page.getByTestId('action-text-ar').fill('إعداد مذكرة حول الاحتياجات');
    await page.getByTestId('action-owner').selectOption('NE');
    await page.getByTestId('action-due').fill('2031-04-01');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-error').waitFor();
    await page.getByTestId('action-due').fill('2031-06-01');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-row').waitFor();
    await page.screenshot({
      path: path.join(SHOTS, 'coord-11-meeting-recorded-ar.png'),
      fullPage: true,
    });
    await page.getByTestId('action-done').click();
    await expect
      .poll(() => page.getByTestId('action-status').getAttribute('data-value'))
      .toBe('done');
    await page.context().close();
  });
});
