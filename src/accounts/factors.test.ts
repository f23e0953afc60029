import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, freshDb, type TestDb } from '../../test/helpers.ts';
import { loadDemo } from '../demo/demo.ts';
import { keyId, open, seal } from '../secrets/keyring.ts';
import { resealFactors } from './factors.ts';

describe.each(DIALECTS)('second factors sealed at rest on %s', (dialect) => {
  let db: TestDb;
  const old = { current: Buffer.alloc(32, 3), previous: [] };
  const rotated = { current: Buffer.alloc(32, 4), previous: [old.current] };
  const row = (username: string) =>
    db.handle.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    db = await freshDb(dialect);
    await loadDemo(db.handle.db, DEMO_PASSWORD);
  });
  afterAll(() => db.cleanup());

  it('seals plain factors and those of an older key under the current key, once, audited', async () => {
    await db.handle.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_pending: seal(old, 'KRSXG5CTMVRXEZLU') })
      .where('username', '=', 'analyst-ma')
      .execute();
    expect(await resealFactors(db.handle.db, rotated)).toBe(1);
    const sealed = await row('analyst-ma');
    for (const value of [sealed.totp_secret!, sealed.totp_pending!])
      expect(value.split(':')[1]).toBe(keyId(rotated.current));
    expect(open({ current: rotated.current, previous: [] }, sealed.totp_secret!)).toBe(
      'JBSWY3DPEHPK3PXP',
    );
    expect(open({ current: rotated.current, previous: [] }, sealed.totp_pending!)).toBe(
      'KRSXG5CTMVRXEZLU',
    );
    expect(await resealFactors(db.handle.db, rotated)).toBe(0);
    const audit = await db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'secrets.reseal')
      .execute();
    expect(audit).toHaveLength(1);
    expect(String(audit[0]!.detail)).toContain('analyst-ma');
  });
});
