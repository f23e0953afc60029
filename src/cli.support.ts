import { ConfigError, loadConfig, type Config } from './config.ts';
import type { DbHandle } from './db/index.ts';
import { openConfigured } from './setup.ts';

import { fail } from './cli/kit.ts';

export { dataOption, fail } from './cli/kit.ts';

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
