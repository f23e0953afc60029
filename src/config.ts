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
  secureCookies: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
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
  const config: Config = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.TANSIQ_DATA || './data'),
    databaseUrl: databaseUrl(env),
    demoPassword,
    bundleLimitBytes: integer(env, 'TANSIQ_BUNDLE_LIMIT', 32 * 1024 * 1024, 1024, 2 ** 31),
    batchItemLimit: integer(env, 'TANSIQ_BATCH_LIMIT', 10_000, 1, 1_000_000),
    sessionTtlHours: integer(env, 'TANSIQ_SESSION_HOURS', 12, 1, 24 * 30),
    secureCookies: env.TANSIQ_SECURE_COOKIES === 'true',
    logLevel: logLevel as Config['logLevel'],
  };
  return { ...config, ...overrides };
}
