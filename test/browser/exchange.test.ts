import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'exercise-password-1';
const SHOTS = path.resolve(import.meta.dirname, '../../test-output/browser');
const WEB_BUILT = path.resolve(import.meta.dirname, '../../web/dist/index.html');

/**
 * The exchange as people use it, in Chromium against the real server: a Moroccan analyst writes,
 * in Arabic, a TLP:AMBER report for the Africa Focus Group; France (outside the group) does not
 * see it; Niger (in the group) does. Never skipped: without Chromium this fails.
 */
describe('exchange in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let data: string;
  let reportId = '';

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does it)`);
    if (!fs.existsSync(WEB_BUILT))
      throw new Error('web/dist is missing: run npm run build:web (npm test does it)');
    fs.mkdirSync(SHOTS, { recursive: true });
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-browser-'));
    server = await startServer(['--demo', '--data', data], { TANSIQ_DEMO_PASSWORD: PASSWORD });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (data) fs.rmSync(data, { recursive: true, force: true });
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

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
    await page.getByTestId('objects-table').or(page.getByTestId('objects-empty')).first().waitFor();
    expect(
      await page.locator(`[data-testid="object-row"][data-object-id="${reportId}"]`).count(),
    ).toBe(0);
    await page.goto(`${server.url}/objects/${reportId}`);
    await page.getByTestId('detail-error').waitFor();
    expect(await page.getByTestId('object-detail').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '4-analyst-fr-not-found.png'), fullPage: true });
    await page.context().close();
  });

  it('analyst-ne, in the group, sees it in the list and opens it', async () => {
    const page = await signIn('analyst-ne');
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
