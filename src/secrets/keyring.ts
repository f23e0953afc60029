import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets at rest: what Tansiq must keep but not leave readable in a copy of its database (the
 * credentials it presents to peers) is sealed with AES-256-GCM under a key from the configuration.
 * A copy of the database or a backup without the key hands out nothing.
 */
export interface Keyring {
  /** Seals new secrets. */
  current: Buffer;
  /** Still opens what older keys sealed, until `tansiq secrets rotate` re-seals it. */
  previous: Buffer[];
}

export class KeyringError extends Error {}

/** A short, stable name of a key (not the key): sealed values say which key opens them. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

const VERSION = 'tsq1';

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`);
}

export function seal(keyring: Keyring, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId(keyring.current), iv, tag, body]
    .map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part))
    .join(':');
}

/** Opens a sealed value with whichever key of the ring sealed it; a plain value passes as is. */
export function open(keyring: Keyring, value: string): string {
  if (!isSealed(value)) return value;
  const [, id, iv, tag, body] = value.split(':');
  const key = [keyring.current, ...keyring.previous].find((k) => keyId(k) === id);
  if (!key || !iv || !tag || body === undefined)
    throw new KeyringError(
      `a secret was sealed with key ${id}, which is not configured (TANSIQ_SECRET_KEY, TANSIQ_SECRET_KEY_PREVIOUS)`,
    );
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** Every key of a ring by its id: what one of them signed (an archive, an audit head) can be checked. */
export function keysOf(ring: Keyring | null): { id: string; key: Buffer }[] {
  return ring ? [ring.current, ...ring.previous].map((key) => ({ id: keyId(key), key })) : [];
}

/** Whether a value needs sealing again under the current key (plain, or sealed by an older key). */
export function needsResealing(keyring: Keyring, value: string): boolean {
  return !isSealed(value) || value.split(':')[1] !== keyId(keyring.current);
}

const KEY_FILE = 'secret.key';

/**
 * The keyring of an installation: `TANSIQ_SECRET_KEY` (and `TANSIQ_SECRET_KEY_PREVIOUS`) when set;
 * on SQLite without them, a key generated once and kept in the data folder (mode 600) — outside the
 * database file, so a copy of the database alone opens nothing. PostgreSQL installations (several
 * app processes) must configure it. `create: false` only reads a key that exists (a restore
 * checking an archive must not invent one).
 */
export function loadKeyring(
  config: {
    secretKey: Buffer | null;
    previousSecretKeys: Buffer[];
    databaseUrl: string | null;
    dataDir: string;
  },
  { create = true }: { create?: boolean } = {},
): Keyring | null {
  if (config.secretKey) return { current: config.secretKey, previous: config.previousSecretKeys };
  if (config.databaseUrl) return null;
  const file = path.join(config.dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    if (!create) return null;
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new KeyringError(`${file}: not a 32-byte key in base64`);
  return { current: key, previous: config.previousSecretKeys };
}
