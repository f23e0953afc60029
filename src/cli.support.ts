import { Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { DbHandle } from './db/index.ts';
import { memberById } from './members/members.repository.ts';
import { userByUsername } from './members/users.repository.ts';
import type { Actor } from './policy/viewer.ts';
import { openConfigured } from './setup.ts';

/** Helpers every `tansiq` subcommand shares: errors, configuration, the database. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`tansiq: ${message}\n`);
  process.exit(code);
}

export function configFrom(opts: { data?: string; port?: string }): Config {
  try {
    const env = { ...process.env };
    if (opts.data) env.TANSIQ_DATA = opts.data;
    if (opts.port) env.PORT = opts.port;
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) fail(`configuration: ${e.message}`, 2);
    throw e;
  }
}

export async function withDb<T>(
  opts: { data?: string },
  work: (handle: DbHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = configFrom(opts);
  const handle = await openConfigured(config);
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}

export const dataOption = () =>
  new Option(
    '--data <dir>',
    'SQLite data folder (default ./data, or TANSIQ_DATA); DATABASE_URL selects PostgreSQL',
  );

/** The user a command acts as (`--as U`): it reads and writes with that user's rights. */
export async function actorFor(handle: DbHandle, username: string): Promise<Actor> {
  const user = await userByUsername(handle.db, username);
  if (!user) fail(`--as: no user "${username}"`);
  if (user.disabled) fail(`--as: user "${username}" is disabled`);
  const member = await memberById(handle.db, user.member_id);
  return {
    userId: user.id,
    username: user.username,
    memberId: member!.id,
    memberCode: member!.code,
    role: user.role,
    via: 'cli',
  };
}
