import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, SHOTS, type Harness } from './harness.ts';
import { appRoutes, sideways, type AppRoute } from './routes.ts';

/**
 * Every page of the web app on a 390 px phone, in Arabic (and a few in French), in Chromium
 * against the real server: no page scrolls sideways, lists read as cards, the header folds into
 * a menu that opens and closes by mouse and keyboard, and the language buttons are whole.
 */
describe('the web app on a phone', () => {
  let h: Harness;
  const PHONE = { width: 390, height: 844 };

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  async function inLanguage(username: string, lang: 'ar' | 'fr'): Promise<Page> {
    const page = await h.signIn(username);
    await page.getByTestId(`lang-${lang}`).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
    await page.setViewportSize(PHONE);
    return page;
  }

  /** Opens `route`, waits until it has loaded what it shows, checks the width, keeps a picture. */
  async function visit(page: Page, route: AppRoute, shot: string): Promise<void> {
    await page.goto(`${h.server.url}${route.path}`);
    await page.locator('#main').waitFor();
    // Some pages keep a connection open (progress, maps): settle on what has arrived.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    await expect
      .poll(() => page.locator('#main [aria-busy="true"]').count(), { timeout: 10_000 })
      .toBe(0);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const { scroll, width, culprits } = await sideways(page);
    expect(scroll, `${route.path} scrolls sideways: ${culprits.join(' | ')}`).toBeLessThanOrEqual(
      width,
    );
    await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
  }

  it('every page fits 390 px in Arabic, the administrator’s pages included', async () => {
    const page = await inLanguage('admin', 'ar');
    const routes = await appRoutes(page, h.server.url);
    // Every route of web/src/App.tsx and of the coordination pages, with real ids.
    expect(routes.length).toBeGreaterThanOrEqual(45);
    for (const route of routes) await visit(page, route, `phones-ar-390-${route.name}`);
    await page.context().close();
  }, 600_000);

  it('the sign-in page fits 390 px in Arabic, its language buttons whole', async () => {
    const page = await h.newPage(PHONE);
    await page.goto(`${h.server.url}/`);
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const { scroll, width } = await sideways(page);
    expect(scroll).toBeLessThanOrEqual(width);
    for (const code of ['ar', 'fr', 'en']) {
      const button = page.getByTestId(`lang-${code}`);
      const box = (await button.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    }
    await page.screenshot({ path: path.join(SHOTS, 'phones-ar-390-login.png'), fullPage: true });
    await page.context().close();
  });

  it('an analyst’s pages fit 390 px in Arabic, and lists read as cards', async () => {
    const page = await inLanguage('analyst-ma', 'ar');
    const routes = await appRoutes(page, h.server.url);
    const names = [
      'overview',
      'objects',
      'object-report',
      'incident',
      'draft',
      'account',
      'tokens',
    ];
    for (const route of routes.filter((r) => names.includes(r.name)))
      await visit(page, route, `phones-ar-390-analyst-${route.name}`);

    await page.goto(`${h.server.url}/objects`);
    const row = page.getByTestId('object-row').first();
    await row.waitFor();
    // A card: its cells one under the other, each saying its column.
    const cells = row.locator('td');
    const [first, second] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
    expect(second!.y).toBeGreaterThan(first!.y);
    expect(await cells.nth(1).getAttribute('data-label')).toBe('الاسم');
    expect(await page.locator('.table-cards thead').boundingBox()).toMatchObject({ width: 1 });
    await page.context().close();
  }, 300_000);

  it('a few pages fit 390 px in French', async () => {
    const page = await inLanguage('admin-ne', 'fr');
    const routes = await appRoutes(page, h.server.url);
    const names = [
      'overview',
      'objects',
      'object-report',
      'picture',
      'admin-users',
      'projects',
      'meeting',
      'account',
    ];
    for (const route of routes.filter((r) => names.includes(r.name)))
      await visit(page, route, `phones-fr-390-${route.name}`);
    await page.context().close();
  }, 300_000);

  it('text in another language keeps its own direction; the JSON view reads left to right', async () => {
    const page = await inLanguage('analyst-ma', 'ar');
    const direction = (selector: string) =>
      page.locator(selector).evaluate((e) => getComputedStyle(e).direction);

    // A field typed in French in the Arabic interface: right to left while empty, then its own.
    await page.goto(`${h.server.url}/incidents/new`);
    const description = page.getByTestId('incident-description');
    await description.waitFor();
    expect(await direction('[data-testid="incident-description"]')).toBe('rtl');
    await description.fill('Attaque contre un poste de contrôle (exercice).');
    expect(await direction('[data-testid="incident-description"]')).toBe('ltr');
    await description.fill('هجوم على نقطة تفتيش (تمرين).');
    expect(await direction('[data-testid="incident-description"]')).toBe('rtl');

    // Niger's French report in the Arabic interface: its name in its own language and direction.
    const list = await (
      await page.request.get(`${h.server.url}/api/v1/objects?type=report&owner=NE`)
    ).json();
    const report = (list as { items: { object: { id: string; lang?: string } }[] }).items.find(
      (i) => i.object.lang === 'fr',
    )!.object.id;
    await page.goto(`${h.server.url}/objects/${report}`);
    const name = page.getByTestId('detail-name');
    await name.waitFor();
    expect(await name.getAttribute('lang')).toBe('fr');
    expect(await direction('[data-testid="detail-name"]')).toBe('ltr');
    expect(await direction('[data-testid="stix-json"]')).toBe('ltr');

    // A translation holds Arabic: in the JSON each Arabic string is isolated, the code stays LTR.
    const translations = await (
      await page.request.get(`${h.server.url}/api/v1/objects?type=language-content`)
    ).json();
    const translation = (translations as { items: { object: { id: string } }[] }).items[0]!.object
      .id;
    await page.goto(`${h.server.url}/objects/${translation}`);
    const json = page.getByTestId('stix-json');
    await json.waitFor();
    expect(await direction('[data-testid="stix-json"]')).toBe('ltr');
    expect(await json.locator('bdi').count()).toBeGreaterThan(0);
    expect(
      await json
        .locator('bdi')
        .first()
        .evaluate((e) => getComputedStyle(e).direction),
    ).toBe('rtl');
    // What one copies is the JSON itself.
    expect(JSON.parse(await json.innerText())).toMatchObject({ id: translation });
    await json.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'phones-json-ar-390.png') });
    await page.context().close();
  });

  it('the header folds into a menu: a button, aria-expanded, keyboard, closed on navigation', async () => {
    const page = await inLanguage('analyst-ma', 'ar');
    await page.goto(`${h.server.url}/objects`);
    const toggle = page.getByTestId('menu-toggle');
    const nav = page.locator('#main-nav');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-controls')).toBe('main-nav account-menu');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByTestId('lang-fr').isVisible()).toBe(false);
    // The search box stays in sight.
    expect(await page.getByTestId('search-input').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phones-menu-1-closed-ar.png') });

    // Keyboard: focus the button, Enter opens; Escape closes and gives the focus back.
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phones-menu-2-open-ar.png') });
    // The language buttons are whole: inside the screen and not cut.
    for (const code of ['ar', 'fr', 'en']) {
      const button = page.getByTestId(`lang-${code}`);
      const box = (await button.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    }
    await page.getByTestId('nav-picture').focus();
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);

    // A link in the menu navigates and closes it.
    await toggle.click();
    await page.getByTestId('nav-groups').click();
    await page.waitForURL(/\/groups$/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    // Going back (no link clicked) closes it too.
    await toggle.click();
    await page.goBack();
    await page.waitForURL(/\/objects$/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // On a wide screen there is no menu button: the navigation is in the header.
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(await toggle.isVisible()).toBe(false);
    expect(await nav.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'phones-menu-3-wide-ar-1366.png') });
    await page.context().close();
  });
});
