import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.ts';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * The threat picture as an analyst meets it, in Chromium against the real server, in Arabic: the
 * overview is the home page and draws Africa with its countries; filtering by a group changes the
 * figures; a country on the map leads to the groups active there and a group's profile opens.
 * At 1280 px and at 390 px, without sideways scrolling. Never skipped: without Chromium this fails.
 */
describe('threat picture in the browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  const total = async (page: import('playwright-core').Page) =>
    Number(await page.getByTestId('overview-map-total').getAttribute('data-incidents'));

  it('analyst-ma lands on the overview in Arabic: map, trend, new items, shortcuts', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('overview').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect
      .poll(() => page.locator('[data-testid="overview-map"] [data-testid="map-country"]').count())
      .toBeGreaterThanOrEqual(50);
    await expect.poll(() => total(page)).toBeGreaterThan(0);
    // Morocco writes Latin digits in Arabic (ar-MA): the user's region decides.
    const figures = await page.getByTestId('overview-map-total').innerText();
    expect(figures).toMatch(/[0-9]/);
    expect(figures).not.toMatch(/[\u0660-\u0669]/);
    // Countries are shaded by their incidents: Nigeria and Somalia are, Morocco is not.
    const shaded = (code: string) =>
      page
        .locator(`[data-testid="overview-map"] [data-country="${code}"]`)
        .first()
        .getAttribute('data-value');
    expect(Number(await shaded('MA'))).toBe(0);
    expect(Number(await shaded('SO')) + Number(await shaded('NG'))).toBeGreaterThan(0);
    expect(await page.getByTestId('map-point').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="overview-trend"] svg').first().waitFor();
    expect(await page.getByTestId('overview-new').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('shortcut-objects').innerText()).toMatch(/[\u0600-\u06FF]/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
    await page.screenshot({ path: path.join(SHOTS, 'picture-1-overview-ar.png'), fullPage: true });
  });

  it('filtering by a group changes the figures, and its profile opens from the map', async () => {
    const page = await h.signIn('analyst-ma');
    await page.getByTestId('overview').waitFor();
    await expect.poll(() => total(page)).toBeGreaterThan(0);
    const all = await total(page);
    // The most active group of the last 90 days, as the overview ranks it.
    const top = page.getByTestId('top-group-link').first();
    const iswap = decodeURIComponent((await top.getAttribute('href'))!.split('/').pop()!);
    expect(iswap).toMatch(/^intrusion-set--/);
    await page.getByTestId('filter-group').selectOption(iswap);
    await expect.poll(() => total(page)).not.toBe(all);
    const filtered = await total(page);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    expect(new URL(page.url()).searchParams.get('group')).toBe(iswap);
    // Countries where the group did nothing are no longer shaded.
    const shadedCountries = () =>
      page.locator(
        '[data-testid="overview-map"] [data-testid="map-country"]:not([data-value="0"])',
      );
    await expect.poll(() => shadedCountries().count()).toBeGreaterThan(0);
    expect(await shadedCountries().count()).toBeLessThan(10);
    await page.screenshot({
      path: path.join(SHOTS, 'picture-2-filtered-by-group-ar.png'),
      fullPage: true,
    });

    await shadedCountries().first().click();
    const detail = page.getByTestId('selection-detail');
    await detail.waitFor();
    await detail.getByTestId('incident-item').first().waitFor();
    await page.screenshot({
      path: path.join(SHOTS, 'picture-3-country-selected-ar.png'),
      fullPage: true,
    });
    await detail.locator(`[data-testid="selection-group-link"][data-group-id="${iswap}"]`).click();
    const profile = page.getByTestId('group-profile');
    await profile.waitFor();
    expect(await profile.getAttribute('data-group-id')).toBe(iswap);
    expect(await page.locator('h1').innerText()).toMatch(/[\u0600-\u06FF]/);
    expect(
      Number(
        await page
          .getByTestId('group-incidents')
          .innerText()
          .then((s) =>
            s
              .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
              .replace(/\D/g, ''),
          ),
      ),
    ).toBeGreaterThan(0);
    await page.locator('[data-testid="group-map"] [data-testid="map-country"]').first().waitFor();
    expect(await page.getByTestId('group-reporters').locator('li').count()).toBeGreaterThanOrEqual(
      2,
    );
    await page.screenshot({
      path: path.join(SHOTS, 'picture-4-group-profile-ar.png'),
      fullPage: true,
    });
  });

  it('at 390 px the overview, the picture, a profile and the incident form fit the screen', async () => {
    const page = await h.signIn('analyst-ma');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('overview').waitFor();
    for (const [where, shot] of [
      ['/', 'picture-5-overview-390-ar.png'],
      ['/picture', 'picture-6-picture-390-ar.png'],
      ['/armed-groups', 'picture-7-groups-390-ar.png'],
      ['/incidents/new', 'picture-8-new-incident-390-ar.png'],
    ] as const) {
      await page.goto(`${h.server.url}${where}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        where,
      ).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    }
  });

  it('an analyst records an incident with the small map, and is warned about coordinates outside the country', async () => {
    const page = await h.signIn('analyst-ne');
    await page.goto(`${h.server.url}/incidents/new`);
    await page.getByTestId('incident-country').selectOption('NE');
    await page.getByTestId('incident-fatalities').fill('-2');
    expect(await page.getByTestId('incident-error-fatalities').count()).toBe(1);
    await page.getByTestId('incident-fatalities').fill('3');
    await page.getByTestId('incident-event_date').fill('2026-01-15');
    // A click on the map places the point.
    const map = page.getByTestId('incident-mini-map');
    await map.waitFor();
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
    await expect.poll(() => page.getByTestId('incident-latitude').inputValue()).not.toBe('');
    expect(await page.getByTestId('incident-warning-outside').count()).toBe(0);
    await page.getByTestId('incident-latitude').fill('14.7');
    await page.getByTestId('incident-longitude').fill('-17.4');
    await page.getByTestId('incident-warning-outside').waitFor();
    await page.getByTestId('incident-location').fill('Exercise village');
    await page.screenshot({
      path: path.join(SHOTS, 'picture-9-incident-form.png'),
      fullPage: true,
    });
    await page.getByTestId('incident-submit').click();
    await page.getByTestId('incident-detail').waitFor();
    await page.getByTestId('incident-warning').waitFor();
    expect(await page.getByTestId('incident-facts').innerText()).toContain('Exercise village');
    await page.screenshot({ path: path.join(SHOTS, 'picture-10-incident.png'), fullPage: true });
  });

  it('an analyst uploads an ACLED file and reads the summary: new incidents, the line that could not be read', async () => {
    const page = await h.signIn('analyst-ne');
    await page.goto(`${h.server.url}/incidents/import`);
    await page
      .getByTestId('import-file')
      .setInputFiles(path.join(FIXTURES, 'events/acled-2023.csv'));
    await page.getByTestId('import-submit').click();
    const job = page.locator('[data-testid="import-job"][data-state="done"]');
    await job.waitFor();
    expect(await page.getByTestId('import-stored').innerText()).toMatch(/5/);
    expect(await page.getByTestId('import-errors').innerText()).toContain('31 February 2023');
    expect(await page.getByTestId('import-unknown-actors').innerText()).toContain(
      'Civilians (Nigeria)',
    );
    await page.screenshot({ path: path.join(SHOTS, 'picture-11-import.png'), fullPage: true });
  });
});
