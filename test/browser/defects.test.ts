import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { openHarness, PASSWORD, SHOTS, type Harness } from './harness.ts';

const WIDE = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };

/**
 * Defects a new user met (issue 12), kept fixed in Chromium against the real server: the versions
 * panel of a TLP:AMBER+STRICT report in the three languages, the TLP:RED error shown once and gone
 * once the fields change, server errors worded in Arabic and French with the field named, French
 * country names with their article, the language chosen at login, and a 404 page with a heading.
 */
describe('defects found as a new user', () => {
  let h: Harness;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `defects-${name}.png`), fullPage: true });
  const sideways = (page: Page) =>
    page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth] as const);
  const language = async (page: Page, locale: 'ar' | 'fr' | 'en') => {
    await page.getByTestId(`lang-${locale}`).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
  };
  /** Arabic and French screens never show the server's English. */
  const noEnglish = (text: string) => expect(text).not.toMatch(/\b(the|give|name|language)\b/i);

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('the versions panel of a TLP:AMBER+STRICT report stays in its box in ar, fr and en', async () => {
    const page = await h.signIn('analyst-us');
    await page.setViewportSize(WIDE);
    const list = (await (
      await page.request.get(`${h.server.url}/api/v1/objects?type=report&owner=US`)
    ).json()) as { items: { tlp: string; object: { id: string } }[] };
    const strict = list.items.find((item) => item.tlp === 'amber+strict');
    expect(strict).toBeDefined();
    for (const locale of ['ar', 'fr', 'en'] as const) {
      await language(page, locale);
      await page.goto(`${h.server.url}/objects/${strict!.object.id}`);
      await page.getByTestId('detail-versions').waitFor();
      const [scroll, inner] = await sideways(page);
      expect(scroll, `${locale}: page ${scroll} px wide at ${inner}`).toBeLessThanOrEqual(inner);
      if (locale === 'ar') {
        await shot(page, 'versions-amber-strict-ar-1366');
        await page.setViewportSize(PHONE);
        const [phone, narrow] = await sideways(page);
        expect(phone).toBeLessThanOrEqual(narrow);
        await shot(page, 'versions-amber-strict-ar-390');
        await page.setViewportSize(WIDE);
      }
    }
    await page.context().close();
  });

  it('TLP:RED to the whole coalition is said once, and no longer once the fields change', async () => {
    const page = await h.signIn('analyst-ma');
    await page.setViewportSize(WIDE);
    await language(page, 'ar');
    await page.getByTestId('nav-new-report').click();
    await page.getByTestId('report-name-ar').fill('[تمرين] تقرير سري');
    await page.getByTestId('report-tlp').selectOption('red');
    await page.getByTestId('report-audience').selectOption('coalition');
    const rule = page.getByText(ar['report.rule.redRecipients'], { exact: true });
    await expect.poll(() => rule.count()).toBe(1);
    await page.getByTestId('report-submit').click();
    // The server refuses with the same rule: one message, now the error.
    await page.getByTestId('report-error-audience').waitFor();
    expect(await rule.count()).toBe(1);
    expect(await page.getByTestId('report-warning-audience').count()).toBe(0);
    await shot(page, 'red-coalition-once-ar-1366');
    await page.setViewportSize(PHONE);
    await shot(page, 'red-coalition-once-ar-390');
    await page.setViewportSize(WIDE);
    // Another field changes: the server's answer no longer applies; the hint stays while it holds.
    await page.getByTestId('report-name-ar').fill('[تمرين] تقرير سري معدل');
    expect(await page.getByTestId('report-error-audience').count()).toBe(0);
    expect(await rule.count()).toBe(1);
    // The rule no longer holds: nothing is said.
    await page.getByTestId('report-tlp').selectOption('amber');
    expect(await rule.count()).toBe(0);
    expect(await page.locator('[data-testid^="report-error"]').count()).toBe(0);
    await page.context().close();
  });

  it('server validation is worded in Arabic, with the field named', async () => {
    const page = await h.signIn('analyst-ma');
    await page.setViewportSize(WIDE);
    await language(page, 'ar');
    await page.getByTestId('nav-new-report').click();
    // A name in French, a description in Arabic without its name: `validation` on `names.ar`.
    await page.getByTestId('report-name-fr').fill('[EXERCICE] Rapport');
    await page.getByTestId('report-description-ar').fill('بيانات تمرين.');
    await page.getByTestId('report-submit').click();
    const error = page.getByTestId('report-error-names');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('«الاسم (العربية)»');
    expect(text).toContain('مطلوب');
    noEnglish(text);
    // Only the Arabic name is marked: the French one was given.
    expect(await page.getByTestId('report-name-ar').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('report-name-fr').getAttribute('aria-invalid')).toBeNull();
    await shot(page, 'validation-ar-1366');
    await page.setViewportSize(PHONE);
    const [scroll, inner] = await sideways(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    await shot(page, 'validation-ar-390');
    await page.context().close();
  });

  it('server validation is worded in French, with the field named and the limit', async () => {
    const page = await h.signIn('analyst-ne');
    await page.setViewportSize(WIDE);
    await language(page, 'fr');
    await page.getByTestId('nav-new-report').click();
    // No name at all: `validation` on `names`.
    await page.getByTestId('report-submit').click();
    const error = page.getByTestId('report-error-names');
    await error.waitFor();
    expect(await error.innerText()).toBe(`Nom : ${fr['error.detail.validation.names']}`);
    // A name longer than the schema allows: reason `maxLength`, limit 10 000.
    await page.getByTestId('report-name-fr').fill('a'.repeat(10_001));
    expect(await error.count()).toBe(0);
    await page.getByTestId('report-submit').click();
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toMatch(/^Nom \(français\) : au plus 10\s000 caractères\.$/);
    noEnglish(text);
    await page.context().close();
  });

  it('French names countries with their article: « appartenant au Niger », « Utilisateurs du Niger »', async () => {
    const page = await h.signIn('admin-ne');
    await language(page, 'fr');
    await page.goto(`${h.server.url}/reports/new`);
    await expect
      .poll(() => page.locator('.page-header .muted').first().innerText())
      .toContain('appartenant au Niger.');
    await page.goto(`${h.server.url}/admin/users`);
    await expect.poll(() => page.locator('body').innerText()).toContain('Utilisateurs du Niger.');
    expect(await page.locator('body').innerText()).not.toMatch(/\b(à|de) Niger\b/);
    await page.context().close();
  });

  it('a language chosen on the login page wins and is kept for the account', async () => {
    const page = await h.newPage(WIDE);
    await page.goto(`${h.server.url}/`);
    // analyst-ma's account is in Arabic; on this page the person chooses French.
    await page.getByTestId('lang-fr').click();
    await page.getByTestId('login-username').fill('analyst-ma');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await expect
      .poll(
        async () =>
          (
            (await (await page.request.get(`${h.server.url}/api/v1/me`)).json()) as {
              locale: string;
            }
          ).locale,
      )
      .toBe('fr');
    expect(await page.getByTestId('locale-notice').count()).toBe(0);
    await page.context().close();
  });

  it('without a choice, the account’s language applies and the app says so', async () => {
    const page = await h.newPage(WIDE);
    await page.goto(`${h.server.url}/`);
    // The login page is in the browser's language (English); analyst-sa's account is in Arabic.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('login-username').fill('analyst-sa');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ar');
    const notice = page.getByTestId('locale-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('لغة الواجهة: العربية');
    await shot(page, 'locale-notice-ar-1366');
    await page.setViewportSize(PHONE);
    await shot(page, 'locale-notice-ar-390');
    await page.getByTestId('locale-notice-dismiss').click();
    expect(await notice.count()).toBe(0);
    await page.context().close();
  });

  it('on a 1366 px laptop the header keeps its navigation on one row, in Arabic and in English', async () => {
    const page = await h.signIn('analyst-ma');
    await page.setViewportSize(WIDE);
    for (const locale of ['ar', 'en'] as const) {
      await language(page, locale);
      const rows = await page
        .locator('#main-nav a')
        .evaluateAll(
          (links) => new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size,
        );
      expect(rows, `${locale}: the navigation's rows`).toBe(1);
      const [scroll, inner] = await sideways(page);
      expect(scroll).toBeLessThanOrEqual(inner);
    }
    await shot(page, 'header-en-1366');
    await page.context().close();
  });

  it('a page that does not exist has a heading and ways back', async () => {
    const page = await h.signIn('reader-ma');
    await page.setViewportSize(WIDE);
    await language(page, 'ar');
    await page.getByTestId('nav-objects').click();
    await page.waitForURL('**/objects');
    await page.goto(`${h.server.url}/no-such-page`);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.innerText()).toBe(ar['notFound.title']);
    await shot(page, 'not-found-ar-1366');
    await page.setViewportSize(PHONE);
    const [scroll, inner] = await sideways(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    await shot(page, 'not-found-ar-390');
    await page.setViewportSize(WIDE);
    // Back where the reader came from, and home from there.
    await page.getByTestId('not-found-back').click();
    await page.waitForURL('**/objects');
    await page.goto(`${h.server.url}/no-such-page`);
    await page.getByTestId('not-found-home').click();
    await page.waitForURL((url) => url.pathname === '/');
    // An object one may not see (or that does not exist) is the same 404, with its heading.
    await page.goto(`${h.server.url}/objects/report--00000000-0000-4000-8000-000000000000`);
    await page.getByTestId('detail-error').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      ar['notFound.objectTitle'],
    );
    await page.context().close();
  });
});
