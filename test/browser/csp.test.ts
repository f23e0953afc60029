import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers.ts';
import { openHarness, SHOTS, type Harness } from './harness.ts';

const ARTICLE = fs.readFileSync(
  path.join(FIXTURES, 'articles', 'ar_seed_morocco_cochairs_africa_focus_group_2021.txt'),
  'utf8',
);

/** Every fixed route of the web app (web/src/App.tsx and coordinationPages.tsx). */
const FIXED = [
  '/',
  '/objects',
  '/picture',
  '/armed-groups',
  '/correlations',
  '/incidents/new',
  '/incidents/import',
  '/reports/new',
  '/ingest',
  '/import',
  '/tokens',
  '/groups',
  '/account',
  '/search',
  '/search?q=%D8%A8%D9%88%D9%83%D9%88%20%D8%AD%D8%B1%D8%A7%D9%85',
  '/coordination',
  '/coordination/projects',
  '/coordination/projects/new',
  '/coordination/needs',
  '/coordination/import',
  '/meetings',
  '/meetings/past',
  '/meetings/new',
  '/actions',
  '/communiques',
  '/communiques/new',
  '/no-such-page',
];
const ADMIN = ['/admin/users', '/admin/peers', '/admin/organisation'];

interface Watch {
  /** CSP violations and page errors seen since the last call, each with the page it came from. */
  take(): string[];
}

/**
 * Collects what the browser refuses under the Content-Security-Policy: the
 * `securitypolicyviolation` events (reported through a binding, which CSP does not govern) and
 * the console's "Content Security Policy" messages; uncaught page errors too, as a refused
 * resource can break a page without a violation of its own.
 */
async function watch(page: Page): Promise<Watch> {
  let seen: string[] = [];
  const where = () => new URL(page.url()).pathname;
  await page.exposeFunction('__tansiqCsp', (text: string) => seen.push(`${where()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __tansiqCsp(t: string): void }).__tansiqCsp;
      report(
        `violation ${e.effectiveDirective} blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} sample=${e.sample}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/content.security.policy/i.test(m.text())) seen.push(`${where()}: console ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`${where()}: page error ${e.message}`));
  return {
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** Calls the API from the page, with its session and CSRF token. */
async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const { status, json } = await page.evaluate(
    async ([method, url, body]) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${url}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: await res.json() };
    },
    [method, url, body] as const,
  );
  if (status >= 300) throw new Error(`${method} ${url}: ${status} ${JSON.stringify(json)}`);
  return json as T;
}

const first = <T>(items: T[], what: string): T => {
  if (!items[0]) throw new Error(`the demo has no ${what} for this user`);
  return items[0];
};

/** Opens each path as a fresh page load and waits for it to settle (charts and maps drawn). */
async function visit(page: Page, watcher: Watch, paths: string[], shots: string) {
  const found: string[] = [];
  for (const p of paths) {
    await page.goto(new URL(p, page.url()).href, { waitUntil: 'load', timeout: 60_000 });
    // Charts and maps draw after their data arrives; on a busy machine that may take a while.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    await page.locator('#main, [data-testid="login-username"]').first().waitFor();
    await page.waitForTimeout(250);
    // A parameterised route must reach its page, not the app's "not found".
    if (p !== '/no-such-page')
      expect(await page.getByTestId('not-found').count(), `${p} is a real page`).toBe(0);
    found.push(...watcher.take());
    if (/^\/(|picture|coordination|meetings)$/.test(p))
      await page.screenshot({
        path: path.join(SHOTS, `csp-${shots}${p.replace(/\//g, '-') || '-home'}.png`),
        fullPage: true,
      });
  }
  return found;
}

/**
 * The strict Content-Security-Policy (no inline script, no inline style) breaks no page: in
 * Chromium against the real server, every route of the web app is opened, logged in as demo
 * users with data (an analyst, and the instance admin for the administration pages), in Arabic at
 * 1366 px and at 390 px, plus the login page and the public communiqué pages; the browser reports
 * no violation and no page error.
 */
describe('the Content-Security-Policy in the browser', () => {
  let h: Harness;
  let paths: string[];
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('the server sends the strict policy with the web app', async () => {
    const res = await fetch(`${h.server.url}/`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('an analyst opens every page in Arabic at 1366 px without a violation', async () => {
    const page = await h.signIn('analyst-ma');
    const watcher = await watch(page);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');

    // The records the parameterised routes show: the demo's, and an article draft made here.
    const report = first(
      (
        await api<{ items: { object: { id: string } }[] }>(
          page,
          'GET',
          '/objects?type=report&limit=1',
        )
      ).items,
      'report',
    ).object.id;
    const incident = first(
      (
        await api<{ items: { object: { id: string } }[] }>(
          page,
          'GET',
          '/objects?type=incident&limit=1',
        )
      ).items,
      'incident',
    ).object.id;
    const group = first(
      (await api<{ items: { id: string }[] }>(page, 'GET', '/picture/groups')).items,
      'armed group',
    ).id;
    const project = first(
      (await api<{ items: { id: string }[] }>(page, 'GET', '/projects')).items,
      'project',
    ).id;
    const meeting = first(
      (await api<{ items: { id: string }[] }>(page, 'GET', '/meetings?when=past')).items,
      'meeting',
    ).id;
    const communique = first(
      (await api<{ items: { id: string }[] }>(page, 'GET', '/communiques')).items,
      'communiqué',
    ).id;
    const draft = (
      await api<{ id: string }>(page, 'POST', '/ingest', {
        content: ARTICLE,
        published: '2021-12-03',
      })
    ).id;
    const e = encodeURIComponent;
    paths = [
      ...FIXED,
      `/objects/${e(report)}`,
      `/objects/${e(report)}/edit`,
      `/incidents/${e(incident)}`,
      `/incidents/${e(incident)}/edit`,
      `/armed-groups/${e(group)}`,
      `/ingest/${e(draft)}`,
      `/coordination/projects/${e(project)}`,
      `/coordination/projects/${e(project)}/edit`,
      `/meetings/${e(meeting)}`,
      `/meetings/${e(meeting)}/edit`,
      `/communiques/${e(communique)}`,
      `/communiques/${e(communique)}/edit`,
    ];
    expect(paths.length).toBeGreaterThan(35);
    expect(await visit(page, watcher, paths, 'ar-1366')).toEqual([]);
  }, 300_000);

  it('the same pages at 390 px, without a violation', async () => {
    const page = await h.signIn('analyst-ma');
    const watcher = await watch(page);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await visit(page, watcher, paths, 'ar-390')).toEqual([]);
  }, 300_000);

  it('the instance admin opens the administration pages without a violation', async () => {
    const page = await h.signIn('admin');
    const watcher = await watch(page);
    expect(await visit(page, watcher, ['/', ...ADMIN], 'admin')).toEqual([]);
  }, 300_000);

  it('the login page and the public communiqué pages, without a session, without a violation', async () => {
    const page = await h.newPage();
    const watcher = await watch(page);
    const found: string[] = [];
    await page.goto(`${h.server.url}/`, { waitUntil: 'networkidle' });
    await page.getByTestId('login-username').waitFor();
    found.push(...watcher.take());
    await page.goto(`${h.server.url}/public/communiques?lang=ar`, { waitUntil: 'networkidle' });
    const link = page.locator('article.item h2 a').first();
    await link.waitFor();
    found.push(...watcher.take());
    await link.click();
    await page.locator('article.communique').waitFor();
    await page.waitForLoadState('networkidle');
    // The public stylesheet applies (a file, allowed by style-src 'self').
    expect(
      await page.evaluate(() => getComputedStyle(document.querySelector('header.bar')!).display),
    ).not.toBe('inline');
    found.push(...watcher.take());
    expect(found).toEqual([]);
  });

  it('a page that injects an inline style is caught (the check can fail)', async () => {
    const page = await h.newPage();
    const watcher = await watch(page);
    await page.goto(`${h.server.url}/`, { waitUntil: 'networkidle' });
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
      document.body.setAttribute('style', 'color: red');
    });
    await page.waitForTimeout(200);
    const found = watcher.take();
    expect(found.some((f) => f.includes('violation style-src-elem'))).toBe(true);
    expect(found.some((f) => f.includes('violation style-src-attr'))).toBe(true);
    expect(found.some((f) => f.includes('console'))).toBe(true);
  });
});
