import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Knowing what changed, in Chromium against the real server, in Arabic: Niger answers Morocco's
 * report with a note and an opinion; Morocco's analyst sees the count in the header, opens the
 * notifications, follows one (it is read), marks all read; at 1366 and at 390 px, without sideways
 * scrolling on the phone.
 */
describe('notifications in the browser', () => {
  let h: Harness;
  let report = '';

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: path.join(SHOTS, `notifications-${name}.png`), fullPage: true });
    // What the screen shows first, as the reader sees it (the whole page can be long).
    await page.screenshot({ path: path.join(SHOTS, `notifications-${name}-screen.png`) });
  };
  const noSideways = async (page: Page) => {
    const [scroll, inner] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scroll).toBeLessThanOrEqual(inner);
  };
  const unreadInHeader = (page: Page) =>
    page.getByTestId('nav-notifications').getAttribute('data-unread');

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('Niger comments on Morocco’s report: Morocco is told, opens it, marks all read', async () => {
    const ma = await h.signIn('analyst-ma');
    await ma.setViewportSize({ width: 1366, height: 860 });
    await expect.poll(() => ma.locator('html').getAttribute('dir')).toBe('rtl');
    // Morocco starts with nothing unread (the demo's content is where everyone starts from).
    await expect.poll(() => unreadInHeader(ma)).toBe('0');
    await expect(ma.getByTestId('notifications-count').count()).resolves.toBe(0);
    const now = new Date().toISOString();
    report = 'report--7d0b6a52-3c1e-4a8f-9d6e-5b2f1c0a9e41';
    const stored = await ma.request.post(`${h.server.url}/api/v1/objects`, {
      headers: { 'x-csrf-token': await csrf(ma) },
      data: {
        objects: [
          {
            type: 'report',
            spec_version: '2.1',
            id: report,
            created: now,
            modified: now,
            name: '[تمرين] تقرير المغرب عن التحركات شمال مالي',
            lang: 'ar',
            published: now,
            object_refs: ['location--0c3b1b56-9a0e-4e2b-a1a4-4f3e5b1f2d10'],
          },
        ],
        audience: 'coalition',
        tlp: 'green',
      },
    });
    expect(stored.status()).toBe(200);

    const ne = await h.signIn('analyst-ne');
    await ne.goto(`${h.server.url}/objects/${report}`);
    await ne.getByTestId('kn-replies').waitFor();
    await ne
      .getByTestId('kn-note-content')
      .fill('[EXERCICE] Nous observons les mêmes mouvements près de Ménaka.');
    await ne.getByTestId('kn-note-submit').click();
    await ne.locator('[data-testid="kn-note"][data-owner="NE"]').waitFor();
    await ne.getByTestId('kn-opinion-agree').check();
    await ne.getByTestId('kn-opinion-submit').click();
    await ne.locator('[data-testid="kn-opinion"][data-opinion="agree"]').waitFor();
    await ne.context().close();

    // Arriving on another page asks again: two unread.
    await ma.getByTestId('nav-objects').click();
    await expect.poll(() => unreadInHeader(ma)).toBe('2');
    expect(await ma.getByTestId('notifications-count').innerText()).toMatch(/^[2٢]$/);
    await ma.getByTestId('nav-notifications').click();
    const list = ma.getByTestId('notifications-list');
    await list.waitFor();
    const note = list.locator('[data-testid="notification"][data-kind="note"]');
    await note.waitFor();
    expect(await note.getAttribute('data-unread')).toBe('true');
    expect(await note.innerText()).toContain('Ménaka');
    await expect.poll(() => note.innerText()).toContain('النيجر');
    expect(await note.locator(`[data-object-id="${report}"]`).count()).toBe(1);
    const opinion = list.locator('[data-testid="notification"][data-kind="opinion"]');
    expect(await opinion.getAttribute('data-unread')).toBe('true');
    // Filters per kind, with their counts.
    await ma.getByTestId('notifications-filter-opinion').click();
    await expect.poll(() => list.locator('[data-testid="notification"]').count()).toBe(1);
    expect(await list.locator('[data-testid="notification"]').getAttribute('data-kind')).toBe(
      'opinion',
    );
    await ma.getByTestId('notifications-filter-all').click();
    await expect
      .poll(() => list.locator('[data-testid="notification"]').count())
      .toBeGreaterThan(1);
    await shot(ma, '1-unread-ar-1366');
    await ma.setViewportSize({ width: 390, height: 844 });
    await noSideways(ma);
    await shot(ma, '1-unread-ar-390');
    await ma.setViewportSize({ width: 1366, height: 860 });

    // Following the note leads to the report answered, and the note is read.
    await note.locator(`[data-object-id="${report}"] a`).click();
    await ma.getByTestId('kn-replies').waitFor();
    await expect.poll(() => unreadInHeader(ma)).toBe('1');
    await ma.getByTestId('nav-notifications').click();
    await list.waitFor();
    await expect
      .poll(() =>
        list.locator('[data-testid="notification"][data-kind="note"]').getAttribute('data-unread'),
      )
      .toBe('false');

    await ma.getByTestId('notifications-mark-all').click();
    await expect.poll(() => unreadInHeader(ma)).toBe('0');
    expect(await list.locator('[data-testid="notification"][data-unread="true"]').count()).toBe(0);
    expect(await ma.getByTestId('notifications-mark-all').isDisabled()).toBe(true);
    await ma.getByTestId('notifications-unread-only').check();
    await ma.getByTestId('notifications-empty').waitFor();
    await ma.getByTestId('notifications-unread-only').uncheck();
    await list.waitFor();
    await shot(ma, '2-all-read-ar-1366');
    await ma.setViewportSize({ width: 390, height: 844 });
    await noSideways(ma);
    await shot(ma, '2-all-read-ar-390');

    // The digest is off by default, on the account page (this installation sends no mail).
    await ma.goto(`${h.server.url}/account`);
    await ma.getByTestId('digest-panel').waitFor();
    expect(await ma.getByTestId('digest-off').isChecked()).toBe(true);
    await ma.getByTestId('digest-unavailable').waitFor();
    await ma.getByTestId('digest-panel').scrollIntoViewIfNeeded();
    await noSideways(ma);
    await shot(ma, '3-digest-ar-390');
    await ma.context().close();
  });

  it('Niger, in French, is told of Morocco’s new report (not of its own note)', async () => {
    const ne = await h.signIn('analyst-ne');
    await expect.poll(() => ne.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => unreadInHeader(ne)).toBe('1');
    await ne.getByTestId('nav-notifications').click();
    const item = ne.locator('[data-testid="notification"][data-unread="true"]');
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('object');
    expect(await item.getAttribute('data-object-id')).toBe(report);
    await expect.poll(() => item.innerText()).toContain('émetteur : Maroc');
    await ne.setViewportSize({ width: 390, height: 844 });
    await noSideways(ne);
    await shot(ne, '4-new-object-fr-390');
    await ne.getByTestId('notification-mark-read').click();
    await expect.poll(() => unreadInHeader(ne)).toBe('0');
    await ne.context().close();
  });
});

async function csrf(page: Page): Promise<string> {
  const me = (await (await page.request.get(new URL('/api/v1/me', page.url()).href)).json()) as {
    csrfToken: string;
  };
  return me.csrfToken;
}
