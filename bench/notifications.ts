import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate } from '../src/db/index.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { storeObjects } from '../src/exchange/objects.service.ts';
import { memberByCode } from '../src/members/members.repository.ts';
import { userByUsername } from '../src/accounts/users.repository.ts';
import { systemActor, type Actor } from '../src/policy/viewer.ts';
import { countUnread, listNotifications } from '../src/notifications/notifications.service.ts';

/**
 * The cost of deriving notifications: the unread count and the first page for a user of Niger,
 * after N reports by Nigeria (news to Niger), N by Niger itself and N that Nigeria keeps to itself
 * (which the query must pass over), all unread. `N=50000 npm run bench:notifications` (SQLite; DATABASE_URL for PostgreSQL).
 */
const N = Number(process.env.N ?? 20000);
installCapabilities();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-nt-'));
const handle = await openAndMigrate({ databaseUrl: process.env.DATABASE_URL || null, dataDir });
const { db } = handle;
await loadDemo(db, 'exercise-password-1');
const write = async (code: string, n: number, audience: 'coalition' | 'member' = 'coalition') => {
  const member = (await memberByCode(db, code))!;
  for (let i = 0; i < n; i += 1000) {
    const now = new Date().toISOString();
    await storeObjects(db, systemActor(member), {
      objects: Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
        type: 'report',
        spec_version: '2.1',
        id: `report--${randomUUID()}`,
        created: now,
        modified: now,
        name: `[EXERCISE] bench ${code} ${i + k}`,
        published: now,
        object_refs: [`location--${randomUUID()}`],
      })),
      audience: { kind: audience },
      federate: false,
      tlp: 'green',
      source: 'import',
    });
  }
};
const t0 = performance.now();
await write('NG', N);
await write('NE', N);
// Reports Niger may not read, newer than the rest: the query passes over them, unseen.
await write('NG', N, 'member');
const user = (await userByUsername(db, 'analyst-ne'))!;
const ne = (await memberByCode(db, 'NE'))!;
const actor: Actor = { ...systemActor(ne), userId: user.id, username: user.username };
// Everything unread: the user's cursor back to the start.
await db
  .withTables<{ notification_state: { user_id: string; seen_upto: number } }>()
  .updateTable('notification_state')
  .set({ seen_upto: 0 })
  .where('user_id', '=', user.id)
  .execute();
process.stdout.write(
  `wrote ${3 * N} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);
const time = async (label: string, work: () => Promise<unknown>) => {
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const s = performance.now();
    await work();
    runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  process.stdout.write(`${label}: median ${runs[2]!.toFixed(1)} ms (min ${runs[0]!.toFixed(1)})\n`);
};
await time('count (capped at 500)', () => countUnread(db, actor));
await time('first page of 30', () => listNotifications(db, actor, { limit: 30 }));
await time('first page of 30, notes only', () =>
  listNotifications(db, actor, { limit: 30, kind: 'note' }),
);
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
