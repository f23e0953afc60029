import { Option } from 'commander';
import type { Config } from '../config.ts';
import type { Db, DbHandle } from '../db/index.ts';
import type { Actor } from '../policy/viewer.ts';

/** What every `tansiq` subcommand shares: how it fails, its `--data` option, its database. */

export function fail(message: string, code = 1): never {
  process.stderr.write(`tansiq: ${message}\n`);
  process.exit(code);
}

export const dataOption = () =>
  new Option(
    '--data <dir>',
    'SQLite data folder (default ./data, or TANSIQ_DATA); DATABASE_URL selects PostgreSQL',
  );

/** Opens the configured database (capabilities installed), runs `work`, closes it. */
export type WithDb = <T>(
  opts: { data?: string },
  work: (handle: DbHandle, config: Config) => Promise<T>,
) => Promise<T>;

/** Given by the `tansiq` program to each capability's commands. */
export interface CliKit {
  withDb: WithDb;
  /** The configuration with `--data` applied, without opening the database (a restore builds it). */
  configFrom(opts: { data?: string; port?: string }): Config;
  /** The user named by `--as`, acting from the command line (fails with a message if unknown). */
  actorFor(db: Db, username: string): Promise<Actor>;
}
