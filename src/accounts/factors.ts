import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { AppError } from '../errors.ts';
import { updateUser, usersWithFactors } from './users.repository.ts';
import { isSealed, keyId, needsResealing, open, seal, type Keyring } from '../secrets/keyring.ts';

/**
 * The secrets of authenticator apps (TOTP), at rest: sealed with the installation's key where it
 * has one (secrets/keyring.ts), so a copy of the database or a backup without the key cannot
 * generate anybody's codes. A secret stored before sealing still opens, and is sealed again at the
 * next start, by `tansiq secrets rotate`, or once it has been used.
 */
export function sealFactor(keyring: Keyring | null, secret: string): string {
  return keyring ? seal(keyring, secret) : secret;
}

export function openFactor(keyring: Keyring | null, stored: string): string {
  if (keyring) return open(keyring, stored);
  if (isSealed(stored))
    // The installation's key was removed from its configuration: an operator's fault, named.
    throw new AppError(
      500,
      'internal',
      'the key that opens second factors is not configured (TANSIQ_SECRET_KEY)',
    );
  return stored;
}

/** Seals every stored factor (active or pending) that is plain or sealed by an older key; audited. */
export async function resealFactors(db: Db, keyring: Keyring): Promise<number> {
  const users = (await usersWithFactors(db)).filter(
    (u) =>
      (u.totp_secret !== null && needsResealing(keyring, u.totp_secret)) ||
      (u.totp_pending !== null && needsResealing(keyring, u.totp_pending)),
  );
  if (users.length === 0) return 0;
  const again = (value: string | null) =>
    value === null ? null : seal(keyring, open(keyring, value));
  await db.transaction().execute(async (trx) => {
    for (const u of users)
      await updateUser(trx, u.id, {
        totp_secret: again(u.totp_secret),
        totp_pending: again(u.totp_pending),
      });
    await appendAudit(trx, [
      {
        actor: 'system',
        member: null,
        action: 'secrets.reseal',
        subject: null,
        detail: { factors: users.map((u) => u.username), key: keyId(keyring.current) },
      },
    ]);
  });
  return users.length;
}
