import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Local conventions, in Chromium against the real server: on the same dated page an analyst of
 * Morocco reads Latin digits and «نونبر», an analyst of Saudi Arabia Arabic-Indic digits and
 * «نوفمبر» (ICU's CLDR data for ar-MA and ar-SA); a region chosen on the account page changes them.
 */
describe('dates and digits follow each user’s region', () => {
  let h: Harness;
  const ARABIC_INDIC = /[\u0660-\u0669]/;

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

  /** The working group's page: Morocco co-chairs since 15 November 2023 (the demo's facts). */
  async function chairSince(page: Page): Promise<string> {
    await page.goto(`${h.server.url}/groups`);
    const chair = page.locator('[data-testid="group-chair"][data-member="MA"]');
    await chair.waitFor();
    return chair.innerText();
  }

  /** The date an object was added, as the objects list writes it. */
  async function firstAdded(page: Page): Promise<string> {
    await page.goto(`${h.server.url}/objects`);
    const time = page.getByTestId('object-row').first().locator('time');
    await time.waitFor();
    return time.innerText();
  }

  it('an ar-MA and an ar-SA analyst see their own digits and month names on the same page', async () => {
    const morocco = await inArabic('analyst-ma');
    const saudi = await inArabic('analyst-sa');

    const ma = await chairSince(morocco);
    expect(ma).toContain('15 نونبر 2023');
    expect(ma).not.toMatch(ARABIC_INDIC);
    const sa = await chairSince(saudi);
    expect(sa).toContain('١٥ نوفمبر ٢٠٢٣');
    expect(sa).not.toMatch(/[0-9]/);
    await morocco.screenshot({ path: path.join(SHOTS, 'regions-1-groups-ar-MA.png') });
    await saudi.screenshot({ path: path.join(SHOTS, 'regions-2-groups-ar-SA.png') });

    const maAdded = await firstAdded(morocco);
    expect(maAdded).toMatch(/[0-9]/);
    expect(maAdded).not.toMatch(ARABIC_INDIC);
    expect(await firstAdded(saudi)).toMatch(ARABIC_INDIC);
    await saudi.context().close();
    await morocco.context().close();
  });

  it('a region chosen on the account page rewrites dates, and follows the language', async () => {
    const page = await inArabic('analyst-ma');
    await page.goto(`${h.server.url}/account`);
    const region = page.getByTestId('account-region');
    const sample = page.getByTestId('region-sample');
    await region.waitFor();
    expect(await region.inputValue()).toBe('');
    // The default names the member's country; the sample is written as Morocco writes.
    expect(await region.locator('option[value=""]').innerText()).toContain('المغرب');
    expect(await sample.getAttribute('data-formats')).toBe('ar-MA');
    expect(await sample.innerText()).toContain('5 نونبر 2024');

    await region.selectOption('ar-SA');
    await expect.poll(() => sample.getAttribute('data-formats')).toBe('ar-SA');
    expect(await sample.innerText()).toContain('٥ نوفمبر ٢٠٢٤');
    await page.screenshot({ path: path.join(SHOTS, 'regions-3-account-ar-SA.png') });
    expect(await chairSince(page)).toContain('١٥ نوفمبر ٢٠٢٣');

    // The choice is the user's: a new session keeps it.
    const again = await inArabic('analyst-ma');
    expect(await chairSince(again)).toContain('١٥ نوفمبر ٢٠٢٣');
    await again.context().close();

    // In French, Morocco's region is French as written in Morocco.
    await page.goto(`${h.server.url}/account`);
    await region.selectOption('');
    await expect.poll(() => sample.getAttribute('data-formats')).toBe('ar-MA');
    await page.getByTestId('account-language').selectOption('fr');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => sample.getAttribute('data-formats')).toBe('fr-MA');
    expect(await sample.innerText()).toContain('1.234.567,5');
    expect(await chairSince(page)).toContain('15 nov. 2023');
    await page.screenshot({ path: path.join(SHOTS, 'regions-4-groups-fr-MA.png') });
    await page.context().close();
  });
});
