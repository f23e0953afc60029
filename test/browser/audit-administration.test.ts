import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * Administration that corrects itself, and the audit view, in Chromium against the real server,
 * in Arabic: the instance admin renames Niger in Arabic, closes a group, ends a chair term early and
 * reads each record's history; the instance admin and Niger's member admin each read the audit log
 * with a filter, at 1366 and 390 px, without the page scrolling sideways on the phone.
 */
describe('corrections and the audit view in the browser', () => {
  let h: Harness;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `auditadmin-${name}.png`), fullPage: true });
  const arabic = async (page: Page) => {
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
  };
  const noSideways = async (page: Page) => {
    const [scroll, inner] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scroll).toBeLessThanOrEqual(inner);
  };
  /** The page at a laptop's and a phone's width, in Arabic, shot at both. */
  const bothWidths = async (page: Page, name: string) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await shot(page, `${name}-1366-ar`);
    await page.setViewportSize({ width: 390, height: 844 });
    await noSideways(page);
    await shot(page, `${name}-390-ar`);
    await page.setViewportSize({ width: 1366, height: 900 });
  };
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());

  it('the instance admin renames Niger in Arabic, closes a group and ends a chair term early', async () => {
    const page = await h.signIn('admin');
    await arabic(page);
    await page.goto(`${h.server.url}/admin/organisation`);
    const niger = page.locator('[data-testid=org-member-row][data-member=NE]');
    await niger.waitFor();

    // Renamed in Arabic only: the French and English names stay.
    await niger.getByTestId('member-edit-open').click();
    const edit = page.getByTestId('member-edit');
    expect(await edit.getByTestId('member-edit-name-ar').getAttribute('dir')).toBe('rtl');
    await edit.getByTestId('member-edit-name-ar').fill('جمهورية النيجر');
    await edit.getByTestId('member-edit-save').click();
    await page.getByTestId('org-notice').waitFor();
    await expect.poll(() => niger.getByTestId('org-member-ar').innerText()).toBe('جمهورية النيجر');
    expect(await niger.getByTestId('org-member-fr').innerText()).toBe('Niger');
    await niger.getByTestId('member-history-open').click();
    const history = page.getByTestId('member-history');
    const renamed = history.locator('[data-testid=history-item][data-action="member.update"]');
    await renamed.waitFor();
    expect(await renamed.getByTestId('history-before').innerText()).toBe('النيجر');
    expect(await renamed.getByTestId('history-after').innerText()).toBe('جمهورية النيجر');
    await shot(page, '1-member-renamed-ar');

    // A group added, then closed: its form for new members goes, it says it is closed.
    await page.getByTestId('group-slug').fill('sahel-cell');
    await page.getByTestId('group-name-ar').fill('خلية الساحل [تمرين]');
    await page.getByTestId('group-name-fr').fill('Cellule Sahel [exercice]');
    await page.getByTestId('group-name-en').fill('Sahel cell [exercise]');
    await page.getByTestId('group-submit').click();
    const cell = page.locator('[data-testid=org-group][data-group=sahel-cell]');
    await cell.waitFor();
    await cell.getByTestId('group-join-member').selectOption('NE');
    await cell.getByTestId('group-join-submit').click();
    await cell.locator('[data-testid=group-participant][data-member=NE]').waitFor();
    await cell.getByTestId('group-close-open').click();
    await cell.getByTestId('group-close-confirm').click();
    await cell.getByTestId('group-closed').waitFor();
    await cell.getByTestId('group-closed-note').waitFor();
    expect(await cell.getByTestId('group-join-form').count()).toBe(0);
    await cell.getByTestId('group-history-open').click();
    await cell.locator('[data-testid=history-item][data-action="group.close"]').waitFor();

    // Morocco's running term in the Africa Focus Group ends today, early.
    const afg = page.locator('[data-testid=org-group][data-group=africa-focus-group]');
    const term = afg.locator('[data-testid=group-chair-term][data-member=MA][data-current=true]');
    await term.getByTestId('term-end-open').click();
    expect(await afg.getByTestId('term-end-on').inputValue()).toBe(today());
    await afg.getByTestId('term-end-confirm').click();
    await page.getByTestId('org-notice').waitFor();
    const ended = afg.locator('[data-testid=group-chair-term][data-member=MA]').first();
    await expect
      .poll(() => ended.getByTestId('chair-term-to').locator('time').getAttribute('datetime'))
      .toBe(today());
    await afg.getByTestId('group-history-open').click();
    const end = afg.locator('[data-testid=history-item][data-action="group.chair.end"]');
    await end.waitFor();
    await shot(page, '2-group-closed-term-ended-ar');
    await bothWidths(page, '3-organisation');
    await page.context().close();
  });

  it('the instance admin reads the whole audit log, filtered by action', async () => {
    const page = await h.signIn('admin');
    await arabic(page);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-audit').click();
    const check = page.getByTestId('audit-verification');
    await expect.poll(() => check.locator('[data-ok]').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('audit-entry').first().waitFor();
    await page.getByTestId('audit-filter-action').fill('member');
    await page.getByTestId('audit-filter-apply').click();
    await expect.poll(() => page.url()).toContain('action=member');
    await expect
      .poll(async () =>
        (
          await page
            .getByTestId('audit-entry')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))
        ).join(),
      )
      .toContain('member.update');
    const actions = await page
      .getByTestId('audit-entry')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action') ?? ''));
    expect(actions.every((a) => a.startsWith('member.'))).toBe(true);
    expect(actions).toContain('member.create');
    await page
      .locator('[data-testid=audit-entry][data-action="member.update"] details summary')
      .first()
      .click();
    await bothWidths(page, '4-audit-instance-admin');
    await page.context().close();
  });

  it('Niger’s member admin reads only Niger’s entries, filtered by object', async () => {
    const page = await h.signIn('admin-ne');
    await arabic(page);
    await page.goto(`${h.server.url}/admin/audit?object=NE`);
    const rows = page.getByTestId('audit-entry');
    await rows.first().waitFor();
    // What the instance admin did about Niger is Niger's to read.
    await page.locator('[data-testid=audit-entry][data-action="member.update"]').waitFor();
    const subjects = await page.locator('[data-testid=audit-entry] .audit-subject').allInnerTexts();
    expect(subjects.every((s) => s === 'NE')).toBe(true);
    // Unfiltered: nothing of another member's people.
    await page.getByTestId('audit-filter-clear').click();
    await expect.poll(() => page.url()).not.toContain('object=');
    await rows.first().waitFor();
    const actors = await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-actor')));
    expect(actors).not.toContain('analyst-ma');
    expect(actors).not.toContain('analyst-ng');
    await page.getByTestId('audit-filter-user').fill('admin-ne');
    await page.getByTestId('audit-filter-apply').click();
    await expect.poll(() => page.url()).toContain('user=admin-ne');
    await page.locator('[data-testid=audit-entry][data-actor="admin-ne"]').first().waitFor();
    await bothWidths(page, '5-audit-member-admin');
    await page.context().close();
  });

  it('an analyst is told the audit log is for admins', async () => {
    const page = await h.signIn('analyst-ma');
    await page.goto(`${h.server.url}/admin/audit`);
    await page.getByTestId('audit-forbidden').waitFor();
    await page.context().close();
  });
});
