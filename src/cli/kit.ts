import { Option } from 'commander';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/index.ts';

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
}
