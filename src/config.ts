import path from 'node:path';

/** Configuration, read from the environment once at start and validated. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demoPassword: string | null;
  bundleLimitBytes: number;
  /** Most objects one API or TAXII request may carry (bulk files go through `tansiq import`). */
  batchItemLimit: number;
  sessionTtlHours: number;
  /** Largest file one upload may attach, in bytes. */
  fileLimitBytes: number;
  /** Where peers reach this instance (the `url` of the artifacts it writes), without a trailing slash. */
  publicUrl: string;
  secureCookies: boolean;
  /** Who must have a second factor to use a session: nobody, instance and member admins, everyone. */
  requireSecondFactor: 'off' | 'admins' | 'everyone';
  /** Reverse proxies whose X-Forwarded-For names the client (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Seals secrets at rest (peer credentials) and signs audit heads: 32 bytes. */
  secretKey: Buffer | null;
  /** Older keys, still read until `tansiq secrets rotate` re-seals everything. */
  previousSecretKeys: Buffer[];
  /** The installation's own SMTP server (smtp:// or smtps://, credentials in the URL); null: no mail. */
  smtpUrl: string | null;
  /** The sender of the mail Tansiq sends (`Tansiq <tansiq@example.org>`). */
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token a Prometheus scraper presents at `/metrics`; null: the endpoint is off. */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw))
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** A 32-byte key written in base64 (`openssl rand -base64 32`). */
function key(raw: string | undefined, name: string): Buffer | null {
  if (raw === undefined || raw === '') return null;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32)
    throw new ConfigError(name, 'must be 32 random bytes in base64 (openssl rand -base64 32)');
  return bytes;
}

function metricsToken(env: Env): string | null {
  const raw = env.TANSIQ_METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 24 || /[\s"']/.test(raw))
    throw new ConfigError(
      'TANSIQ_METRICS_TOKEN',
      'must be at least 24 characters without spaces or quotes (openssl rand -hex 32)',
    );
  return raw;
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return raw;
}

function publicUrl(env: Env, host: string, port: number): string {
  const raw = env.TANSIQ_PUBLIC_URL;
  if (raw === undefined || raw === '')
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'TANSIQ_PUBLIC_URL',
      `must be an http:// or https:// address, got "${raw}"`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username)
    throw new ConfigError(
      'TANSIQ_PUBLIC_URL',
      'must be an http:// or https:// address without credentials, query or fragment',
    );
  return url.href.replace(/\/+$/, '');
}

function smtpUrl(env: Env): string | null {
  const raw = env.TANSIQ_SMTP_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('TANSIQ_SMTP_URL', 'must be an smtp:// or smtps:// address');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname)
    throw new ConfigError(
      'TANSIQ_SMTP_URL',
      'must be an smtp:// or smtps:// address (smtps://user:password@mail.example.org:465)',
    );
  return raw;
}

/** `Name <address>` or an address: one mailbox (RFC 5322), without line breaks. */
function mailFrom(env: Env, publicUrl: string): string {
  const raw = env.TANSIQ_MAIL_FROM;
  if (raw === undefined || raw === '') return `Tansiq <tansiq@${new URL(publicUrl).hostname}>`;
  const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
  if (/[\r\n]/.test(raw) || !/^[^@\s<>]+@[^@\s<>]+$/.test(address.trim()))
    throw new ConfigError(
      'TANSIQ_MAIL_FROM',
      `must be an address or "Name <address>", got "${raw}"`,
    );
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const demoPassword = env.TANSIQ_DEMO_PASSWORD || null;
  if (demoPassword !== null && demoPassword.length < 8) {
    throw new ConfigError('TANSIQ_DEMO_PASSWORD', 'must be at least 8 characters');
  }
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const config: Config = {
    port,
    host,
    dataDir: path.resolve(env.TANSIQ_DATA || './data'),
    databaseUrl: databaseUrl(env),
    demoPassword,
    bundleLimitBytes: integer(env, 'TANSIQ_BUNDLE_LIMIT', 32 * 1024 * 1024, 1024, 2 ** 31),
    batchItemLimit: integer(env, 'TANSIQ_BATCH_LIMIT', 10_000, 1, 1_000_000),
    sessionTtlHours: integer(env, 'TANSIQ_SESSION_HOURS', 12, 1, 24 * 30),
    fileLimitBytes: integer(env, 'TANSIQ_FILE_LIMIT', 25 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    publicUrl: publicUrl(env, host, port),
    smtpUrl: smtpUrl(env),
    mailFrom: mailFrom(env, publicUrl(env, host, port)),
    secureCookies: env.TANSIQ_SECURE_COOKIES === 'true',
    requireSecondFactor: oneOf(env, 'TANSIQ_REQUIRE_2FA', ['off', 'admins', 'everyone'], 'off'),
    secretKey: key(env.TANSIQ_SECRET_KEY, 'TANSIQ_SECRET_KEY'),
    previousSecretKeys: (env.TANSIQ_SECRET_KEY_PREVIOUS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => key(k, 'TANSIQ_SECRET_KEY_PREVIOUS')!),
    trustedProxies: (env.TANSIQ_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    logLevel: logLevel as Config['logLevel'],
    metricsToken: metricsToken(env),
  };
  return { ...config, ...overrides };
}
