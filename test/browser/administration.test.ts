import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, SHOTS, type Harness } from './harness.ts';

/**
 * The instance admin shapes the coalition in the Arabic interface: adds Senegal, puts it in the
 * Africa Focus Group and records a chair term; a member admin does not get the page.
 */
describe('administration in the browser', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h?.close());
  const signIn = (username: string) => h.signIn(username);

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
    await page.goto(`${h.server.url}/admin/organisation`);
    await page.getByTestId('org-forbidden').waitFor();
    expect(await page.getByTestId('admin-tab-organisation').count()).toBe(0);
    await page.context().close();
  });
});
