import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Search as people use it, in Chromium against the real server: a Moroccan analyst working in
 * Arabic types a word without its hamza and with ه for ة, finds the report written with both,
 * narrows the results with a facet, and opens the result; on a phone, a place name in Arabic
 * script finds the French report that spells it in Latin letters. Never skipped.
 */
describe('search in the browser', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  const noSideScroll = (page: import('playwright-core').Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('analyst-ma searches in Arabic with a variant spelling, narrows by type and opens the result', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');

    // The box is in the header of every page: here, the objects list.
    await page.getByTestId('search-input').fill('الارهابيه');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/\/search\?q=/);
    const result = page
      .getByTestId('search-result')
      .filter({ hasText: 'نشاط الجماعات الإرهابية في منطقة تيلابيري' });
    await result.waitFor();
    // The report is written "الإرهابيّةُ" (hamza, shadda, damma): the match is marked as written.
    expect(await result.locator('mark').first().innerText()).toMatch(/^الإرهابي/);
    // Morocco writes Latin digits in Arabic (ar-MA): the user's region decides.
    const figures = await page.getByTestId('search-total').innerText();
    expect(figures).toMatch(/[0-9]/);
    expect(figures).not.toMatch(/[\u0660-\u0669]/);
    await page.screenshot({ path: path.join(SHOTS, 'search-1-results-ar.png'), fullPage: true });

    await page.getByTestId('facet-type').locator('input[data-value="report"]').check();
    await page.waitForURL(/type=report/);
    await expect
      .poll(async () =>
        (await page.getByTestId('search-result').all()).length > 0
          ? page.locator('[data-testid="search-result"]:not([data-type="report"])').count()
          : -1,
      )
      .toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'search-2-facet-ar.png'), fullPage: true });

    const id = await result.getAttribute('data-id');
    await result.getByTestId('search-result-link').click();
    const detail = page.getByTestId('object-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-object-id')).toBe(id);
    await page.screenshot({ path: path.join(SHOTS, 'search-3-opened-ar.png'), fullPage: true });

    // Back to the results: the query and the filter are in the URL.
    await page.goBack();
    await page.getByTestId('search-result').first().waitFor();
    expect(await page.getByTestId('search-query').inputValue()).toBe('الارهابيه');
    await page.context().close();
  });

  it('on a phone, an Arabic place name finds the report that writes it in Latin letters', async () => {
    const page = await h.signIn('analyst-ne');
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone the language buttons are in the header's menu.
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('search-input').fill('تيلابيري');
    await page.getByTestId('search-input').press('Enter');
    await page
      .getByTestId('search-result')
      .filter({ hasText: 'Bilan trimestriel de la menace dans la région de Tillabéri' })
      .waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'search-4-phone-ar.png'), fullPage: true });
    await page.locator('.search-facets > summary').click();
    await page.getByTestId('facet-owner').waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({
      path: path.join(SHOTS, 'search-5-phone-facets-ar.png'),
      fullPage: true,
    });
    await page.context().close();
  });

  it('analyst-fr, outside the group and not a recipient, does not find what it may not read', async () => {
    const page = await h.signIn('analyst-fr');
    await page.goto(`${h.server.url}/search?q=${encodeURIComponent('نصرة الإسلام')}`);
    // The group's profile is for the whole coalition; the RED assessment is for Niger and the US.
    // Named in the reader's language: GSIM in French.
    await page
      .getByTestId('search-result')
      .filter({ hasText: /GSIM|JNIM/ })
      .waitFor();
    expect(await page.getByTestId('search-result').filter({ hasText: 'تقييم سري' }).count()).toBe(
      0,
    );
    await page.goto(`${h.server.url}/search?q=${encodeURIComponent('تقييم سري')}`);
    await page.getByTestId('search-empty').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'search-6-not-found-fr.png'), fullPage: true });
    await page.context().close();
  });
});
