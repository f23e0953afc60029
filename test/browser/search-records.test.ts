import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.ts';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Meetings and article drafts in search, in Chromium against the real server, in Arabic on a
 * phone: a Moroccan analyst types the name of the Niamey meeting with ه for ة and finds it among
 * the meetings, opens it; keeps an article as a draft, finds it by a word written without its
 * hamza, narrows to drafts with the type facet and opens it; another member does not find the
 * draft. The overview lists the meetings recorded since the last visit. Never skipped.
 */
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

async function searchFor(page: Page, q: string): Promise<void> {
  await page.getByTestId('search-input').fill(q);
  await page.getByTestId('search-input').press('Enter');
  await page.waitForURL(/\/search\?q=/);
}

describe('meetings and article drafts in search, in the browser', () => {
  let h: Harness;
  let draftId = '';

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('analyst-ma, on a phone in Arabic, finds the Niamey meeting by a variant spelling and opens it', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');

    // The overview: the demo's meetings were recorded since the first visit's window.
    await page.setViewportSize({ width: 1366, height: 900 });
    const meetings = page.getByTestId('overview-meeting');
    await meetings.first().waitFor();
    expect(await meetings.first().getAttribute('data-new')).toBe('true');
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-0-overview-ar-1366.png'),
      fullPage: true,
    });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-0-overview-ar-390.png'),
      fullPage: true,
    });
    await page.getByTestId('overview-meetings').screenshot({
      path: path.join(SHOTS, 'search-records-0-overview-meetings-ar-390.png'),
    });
    await noSidewaysScroll(page);

    // "خطة العمل" in the title, typed with ه.
    await searchFor(page, 'اجتماع نيامي خطه العمل');
    const result = page
      .locator('[data-testid="search-result"][data-type="meeting"]')
      .filter({ hasText: 'اجتماع نيامي' });
    await result.first().waitFor();
    expect(await result.first().locator('.stix-type').innerText()).toBe('اجتماع');
    await noSidewaysScroll(page);
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-1-meeting-ar-390.png'),
      fullPage: true,
    });

    const id = await result.first().getAttribute('data-id');
    await result.first().getByTestId('search-result-link').click();
    const detail = page.getByTestId('meeting-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-meeting-id')).toBe(id);
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-2-meeting-opened-ar-390.png'),
      fullPage: true,
    });
    await page.context().close();
  });

  it('analyst-ma keeps an article as a draft, finds it without hamza, narrows to drafts and opens it', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('nav-ingest').click();
    await page.getByTestId('ingest-content').fill(MALI);
    await page.getByTestId('ingest-published').fill('2022-08-11');
    await page.getByTestId('ingest-submit').click();
    await page.getByTestId('draft-page').waitFor();
    draftId = (await page.getByTestId('draft-page').getAttribute('data-draft-id')) ?? '';
    expect(draftId).toMatch(/^draft--/);

    await page.setViewportSize({ width: 390, height: 844 });
    // The article writes "الإرهابية"; typed with a bare alef and ه.
    await searchFor(page, 'الجماعات الارهابيه المثلث الحدودي');
    await page.locator('.search-facets > summary').click();
    const facet = page.getByTestId('facet-type').locator('input[data-value="article-draft"]');
    await facet.waitFor();
    expect(
      await page
        .getByTestId('facet-type')
        .locator('label', { has: page.locator('input[data-value="article-draft"]') })
        .innerText(),
    ).toContain('مسودة مقال');
    await facet.check();
    await page.waitForURL(/type=article-draft/);
    const result = page.locator(`[data-testid="search-result"][data-id="${draftId}"]`);
    await result.waitFor();
    await expect
      .poll(() =>
        page.locator('[data-testid="search-result"]:not([data-type="article-draft"])').count(),
      )
      .toBe(0);
    expect(await result.locator('mark').allInnerTexts()).toContain('الإرهابية');
    await noSidewaysScroll(page);
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-3-draft-ar-390.png'),
      fullPage: true,
    });

    await result.getByTestId('search-result-link').click();
    await page.getByTestId('draft-page').waitFor();
    expect(await page.getByTestId('draft-page').getAttribute('data-draft-id')).toBe(draftId);
    await page.context().close();
  });

  it('analyst-ne, of another member, does not find the draft', async () => {
    const page = await h.signIn('analyst-ne');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(
      `${h.server.url}/search?q=${encodeURIComponent('الجماعات الارهابيه المثلث الحدودي')}`,
    );
    // The answer has come (its count is shown), and holds no draft of Morocco's.
    await page.getByTestId('search-total').waitFor();
    await page.locator('[data-testid="search-results"][aria-busy="false"]').waitFor({
      state: 'attached',
    });
    expect(await page.locator(`[data-testid="search-result"][data-id="${draftId}"]`).count()).toBe(
      0,
    );
    expect(
      await page.getByTestId('facet-type').locator('input[data-value="article-draft"]').count(),
    ).toBe(0);
    await page.screenshot({
      path: path.join(SHOTS, 'search-records-4-other-member-1366.png'),
      fullPage: true,
    });
    await page.context().close();
  });
});
