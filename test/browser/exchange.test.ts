import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * The exchange as people use it, in Chromium against the real server: a Moroccan analyst writes,
 * in Arabic, a TLP:AMBER report for the Africa Focus Group; France (outside the group) does not
 * see it; Niger (in the group) does. Never skipped: without Chromium this fails.
 */
describe('exchange in the browser', () => {
  let h: Harness;
  let reportId = '';

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());
  const signIn = (username: string) => h.signIn(username);

  it('analyst-ma switches to Arabic and writes a TLP:AMBER report for the Africa Focus Group', async () => {
    const page = await signIn('analyst-ma');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.getByTestId('nav-objects').innerText()).toMatch(/[\u0600-\u06FF]/);
    await page.screenshot({ path: path.join(SHOTS, '1-objects-ar.png'), fullPage: true });

    await page.getByTestId('nav-new-report').click();
    await page.getByTestId('report-name-ar').fill('[تمرين] تقييم التهديد في منطقة الساحل');
    await page.getByTestId('report-description-ar').fill('بيانات تمرين: ليست أحداثا حقيقية.');
    await page.getByTestId('report-name-fr').fill('[EXERCICE] Évaluation de la menace au Sahel');
    await page.getByTestId('report-tlp').selectOption('amber');
    await page.getByTestId('report-audience').selectOption('group:africa-focus-group');
    await page.screenshot({ path: path.join(SHOTS, '2-new-report-ar.png'), fullPage: true });
    await page.getByTestId('report-submit').click();
    const detail = page.getByTestId('object-detail');
    await detail.waitFor();
    reportId = (await detail.getAttribute('data-object-id')) ?? '';
    expect(reportId).toMatch(/^report--/);
    expect(await page.getByTestId('detail-tlp').innerText()).toContain('TLP:AMBER');
    await page.screenshot({ path: path.join(SHOTS, '3-report-detail-ar.png'), fullPage: true });
    await page.context().close();
  });

  it('analyst-fr, outside the group, does not see it', async () => {
    const page = await signIn('analyst-fr');
    // The overview is the home page; the object table is one click away.
    await page.getByTestId('nav-objects').click();
    await page.getByTestId('objects-table').or(page.getByTestId('objects-empty')).first().waitFor();
    expect(
      await page.locator(`[data-testid="object-row"][data-object-id="${reportId}"]`).count(),
    ).toBe(0);
    await page.goto(`${h.server.url}/objects/${reportId}`);
    await page.getByTestId('detail-error').waitFor();
    expect(await page.getByTestId('object-detail').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '4-analyst-fr-not-found.png'), fullPage: true });
    await page.context().close();
  });

  it('analyst-ne, in the group, sees it in the list and opens it', async () => {
    const page = await signIn('analyst-ne');
    await page.getByTestId('nav-objects').click();
    const row = page.locator(`[data-testid="object-row"][data-object-id="${reportId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('tlp-badge').getAttribute('data-tlp')).toBe('amber');
    await row.getByTestId('object-link').click();
    await page.getByTestId('object-detail').waitFor();
    expect(await page.getByTestId('detail-audience').innerText()).toMatch(
      /Africa Focus Group|africa-focus-group/,
    );
    await page.screenshot({
      path: path.join(SHOTS, '5-analyst-ne-sees-report.png'),
      fullPage: true,
    });
    await page.context().close();
  });
});
