import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.ts';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Article ingestion as an analyst uses it, in Arabic, in Chromium against the real server: paste
 * the seed article, review the highlighted entities and the proposed report and incidents, drop
 * what is wrong, publish for the Africa Focus Group; on a phone too. Another member never sees the
 * draft. Never skipped: without Chromium this fails.
 */
const SEED = fs.readFileSync(
  path.join(FIXTURES, 'articles', 'ar_seed_morocco_cochairs_africa_focus_group_2021.txt'),
  'utf8',
);
const MALI = fs.readFileSync(
  path.join(FIXTURES, 'articles', 'ar_akhbaralaan_mali_attacks_2022.txt'),
  'utf8',
);

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(width);
}

describe('article ingestion in the browser', () => {
  let h: Harness;
  let draftUrl = '';

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('analyst-ma pastes the seed article in Arabic and reviews the draft beside the article', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('nav-ingest').click();
    await page.getByTestId('ingest-form').waitFor();
    await page.getByTestId('ingest-content').fill(SEED);
    await page.getByTestId('ingest-published').fill('2021-12-03');
    await page.screenshot({ path: path.join(SHOTS, 'ingest-1-paste-ar.png'), fullPage: true });
    await page.getByTestId('ingest-submit').click();
    await page.getByTestId('draft-page').waitFor();
    draftUrl = page.url();

    const article = page.getByTestId('ingest-article');
    expect(await article.getAttribute('dir')).toBe('rtl');
    expect(await article.innerText()).not.toContain('شارك هذا المقال');
    const kinds = await page
      .getByTestId('ingest-mark')
      .evaluateAll((marks) => marks.map((m) => m.getAttribute('data-kind')));
    for (const kind of ['person', 'organization', 'group', 'place', 'country', 'date'])
      expect(kinds).toContain(kind);
    const people = await page.getByTestId('draft-person').locator('input').first().inputValue();
    expect(people).toBe('ناصر بوريطة');
    expect(await page.getByTestId('draft-report-name').inputValue()).toContain(
      'المغرب يتولى الرئاسة المشتركة',
    );
    expect(await page.getByTestId('draft-tlp').inputValue()).toBe('clear');
    await page.screenshot({
      path: path.join(SHOTS, 'ingest-2-review-ar-1280.png'),
      fullPage: true,
    });
    await noSidewaysScroll(page);

    // Drop one person, accept another, correct the report's name, and save.
    const persons = page.getByTestId('draft-person');
    await persons.nth(4).getByTestId('draft-person-drop').click();
    expect(await persons.nth(4).getAttribute('data-status')).toBe('dropped');
    await persons.nth(0).getByTestId('draft-person-accept').click();
    await page
      .getByTestId('draft-report-name')
      .fill('[تمرين] المغرب رئيسا مشاركا لمجموعة التركيز على إفريقيا');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('draft-notice').waitFor();
    await page.reload();
    await page.getByTestId('draft-page').waitFor();
    expect(await page.getByTestId('draft-person').nth(4).getAttribute('data-status')).toBe(
      'dropped',
    );
    expect(await page.getByTestId('draft-report-name').inputValue()).toContain('[تمرين]');
    await page.context().close();
  });

  it('works on a 390 px phone in Arabic without sideways scrolling', async () => {
    const page = await h.signIn('analyst-ma');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.server.url}/ingest`);
    await page.getByTestId('ingest-form').waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(SHOTS, 'ingest-3-list-ar-390.png'), fullPage: true });
    await page.goto(draftUrl);
    await page.getByTestId('draft-page').waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(SHOTS, 'ingest-4-review-ar-390.png'), fullPage: true });
    // What a phone shows, screen by screen: the article, the entities, the incidents and publishing.
    await page.screenshot({ path: path.join(SHOTS, 'ingest-4a-article-ar-390.png') });
    await page.getByTestId('draft-people').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'ingest-4b-entities-ar-390.png') });
    await page.getByTestId('draft-publish').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'ingest-4c-publish-ar-390.png') });
    await page.context().close();
  });

  it('an analyst publishes incidents from an article for the Africa Focus Group', async () => {
    const page = await h.signIn('analyst-ma');
    await page.goto(`${h.server.url}/ingest`);
    await page.getByTestId('ingest-mode-file').click();
    await page
      .getByTestId('ingest-file')
      .setInputFiles({ name: 'mali.txt', mimeType: 'text/plain', buffer: Buffer.from(MALI) });
    await expect.poll(() => page.getByTestId('ingest-form').innerText()).toContain('mali.txt');
    await page.getByTestId('ingest-submit').click();
    await page.getByTestId('draft-page').waitFor();
    const incidents = page.getByTestId('draft-incident');
    expect(await incidents.count()).toBeGreaterThanOrEqual(2);
    const killed = await incidents.evaluateAll((items) =>
      items.map(
        (i) =>
          (i.querySelector('[data-testid="draft-incident-fatalities"]') as HTMLInputElement).value,
      ),
    );
    expect(killed).toContain('16');
    await page.getByTestId('draft-incidents').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'ingest-5a-incidents-ar.png') });
    await page.getByTestId('draft-report-name').fill('[EXERCISE] Attacks in Mali');
    await page.getByTestId('draft-tlp').selectOption('green');
    await page.getByTestId('draft-audience').selectOption('group:africa-focus-group');
    await page.getByTestId('draft-publish').click();
    const detail = page.getByTestId('object-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-object-id')).toMatch(/^report--/);
    expect(await page.getByTestId('detail-tlp').innerText()).toContain('TLP:GREEN');
    await page.screenshot({ path: path.join(SHOTS, 'ingest-5-published.png'), fullPage: true });
    await page.context().close();
  });

  it('analyst-ne, of another member, does not see the draft', async () => {
    const page = await h.signIn('analyst-ne');
    await page.goto(draftUrl);
    await page.getByTestId('draft-error').waitFor();
    expect(await page.getByTestId('draft-page').count()).toBe(0);
    await page.goto(`${h.server.url}/ingest`);
    await page.getByTestId('ingest-no-drafts').waitFor();
    await page.context().close();
  });
});
