import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { installCapabilities } from './capabilities.ts';
import { openAndMigrate, type DbHandle } from './db/index.ts';
import { usernames } from './accounts/users.repository.ts';
import { hasMembers } from './members/members.repository.ts';
import type { DemoLogins } from './demo/demo.ts';

/** Opens the configured database (SQLite in the data folder, or PostgreSQL) and migrates it. */
export function openConfigured(config: Config): Promise<DbHandle> {
  installCapabilities();
  return openAndMigrate({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

export async function isEmpty(handle: DbHandle): Promise<boolean> {
  return !(await hasMembers(handle.db));
}

const credentialsFile = (config: Config) => path.join(config.dataDir, 'demo-password.txt');

/**
 * Loads the demo coalition into an empty database only. The password is TANSIQ_DEMO_PASSWORD or
 * generated; a generated one is kept (mode 600) in the data folder so later starts can print it.
 */
export async function ensureDemo(
  handle: DbHandle,
  config: Config,
): Promise<DemoLogins & { loaded: boolean }> {
  if (!(await isEmpty(handle))) {
    const kept = fs.existsSync(credentialsFile(config))
      ? fs.readFileSync(credentialsFile(config), 'utf8').trim()
      : null;
    return {
      loaded: false,
      password: config.demoPassword ?? kept ?? '(set when the demo was loaded)',
      usernames: await usernames(handle.db),
    };
  }
  // Every capability's demo content: loaded only when the demo is.
  const { generatePassword, loadDemo } = await import('./demo/demo.ts');
  const password = config.demoPassword ?? generatePassword();
  const logins = await loadDemo(handle.db, password);
  if (!config.demoPassword) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(credentialsFile(config), `${password}\n`, { mode: 0o600 });
  }
  return { ...logins, loaded: true };
}
