import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'exercise-password-1';
const SHOTS = path.resolve(import.meta.dirname, '../../test-output/browser');

/**
 * The instance admin shapes the coalition in the Arabic interface: adds Senegal, puts it in the
 * Africa Focus Group and records a chair term; a member admin does not get the page.
 */
describe('administration in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let data: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does it)`);
    fs.mkdirSync(SHOTS, { recursive: true });
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-browser-admin-'));
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
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  it('admin adds Senegal, puts it in the Africa Focus Group and records a chair term, in Arabic', async () => {
    const page = await signIn('admin');
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-organisation').click();
    await page.getByTestId('member-code').fill('sn');
    await page.getByTestId('member-kind-state').check();
    await page.getByTestId('member-iso2').fill('sn');
    await page.getByTestId('member-name-ar').fill('السنغال');
    await page.getByTestId('member-name-fr').fill('Sénégal');
    await page.getByTestId('member-name-en').fill('Senegal');
    expect(await page.getByTestId('member-name-ar').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('member-submit').click();
    const row = page.locator('[data-testid=org-member-row][data-member=SN]');
    await row.waitFor();
    expect(await row.getByTestId('org-member-ar').innerText()).toBe('السنغال');

    const group = page.locator('[data-testid=org-group][data-group=africa-focus-group]');
    await group.getByTestId('group-join-member').selectOption('SN');
    await group.getByTestId('group-join-role').selectOption('member');
    await group.getByTestId('group-join-submit').click();
    await group
      .locator('[data-testid=group-participant][data-member=SN][data-role=member]')
      .waitFor();
    await group.getByTestId('chair-member').selectOption('SN');
    await group.getByTestId('chair-from').fill('2025-01-01');
    await group.getByTestId('chair-submit').click();
    await group.locator('[data-testid=group-chair-term][data-member=SN]').waitFor();
    await page.screenshot({
      path: path.join(SHOTS, '6-admin-organisation-ar.png'),
      fullPage: true,
    });

    await page.getByTestId('nav-groups').click();
    const card = page.locator('[data-testid=group-card][data-group=africa-focus-group]');
    await expect
      .poll(async () => (await card.getByTestId('group-members').innerText()).includes('السنغال'))
      .toBe(true);
    await page.context().close();
  });

  it('a member admin does not get the page', async () => {
    const page = await signIn('admin-ne');
    await page.goto(`${server.url}/admin/organisation`);
    await page.getByTestId('org-forbidden').waitFor();
    expect(await page.getByTestId('admin-tab-organisation').count()).toBe(0);
    await page.context().close();
  });
});
