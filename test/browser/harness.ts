import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const WEB_BUILT = path.resolve(import.meta.dirname, '../../web/dist/index.html');
export const PASSWORD = 'exercise-password-1';
export const SHOTS = path.resolve(import.meta.dirname, '../../test-output/browser');

export interface Harness {
  server: RunningServer;
  /** A fresh browser context logged in as `username`. */
  signIn(username: string): Promise<Page>;
  /** A fresh browser context, not logged in (public pages). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The real `tansiq serve --demo` and Debian's Chromium. Never skipped: without Chromium or the
 * built web app, the test fails saying what is missing.
 */
export async function openHarness(): Promise<Harness> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does it)`);
  if (!fs.existsSync(WEB_BUILT))
    throw new Error('web/dist is missing: run npm run build:web (npm test does it)');
  fs.mkdirSync(SHOTS, { recursive: true });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-browser-'));
  const server = await startServer(['--demo', '--data', data], { TANSIQ_DEMO_PASSWORD: PASSWORD });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  return {
    server,
    async signIn(username) {
      const page = await (
        await browser.newContext({ viewport: { width: 1280, height: 860 } })
      ).newPage();
      await page.goto(`${server.url}/`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('logout').waitFor();
      return page;
    },
    async newPage(viewport = { width: 1280, height: 860 }) {
      return (await browser.newContext({ viewport })).newPage();
    },
    async close() {
      await browser.close();
      await server.stop();
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}
