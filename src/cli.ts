import { Command } from 'commander';
import { configFrom, fail, withDb } from './cli.support.ts';
import type { Db } from './db/index.ts';
import { groupsFor } from './cli.groups.ts';
import { userByUsername } from './accounts/users.repository.ts';
import { memberById } from './members/members.repository.ts';
import type { Actor } from './policy/viewer.ts';

const program = new Command('tansiq')
  .description('Tansiq (تنسيق): coalition threat-information exchange')
  .showHelpAfterError();

async function actorFor(db: Db, username: string): Promise<Actor> {
  const user = await userByUsername(db, username);
  if (!user) fail(`--as: no user "${username}"`);
  if (user.disabled) fail(`--as: user "${username}" is disabled`);
  const member = await memberById(db, user.member_id);
  return {
    userId: user.id,
    username: user.username,
    memberId: member!.id,
    memberCode: member!.code,
    role: user.role,
    via: 'cli',
  };
}

const kit = { withDb, actorFor, configFrom };
// Only the module of the command asked for is loaded (cli.groups.ts).
for (const group of groupsFor(process.argv.slice(2))) (await group.load())(program, kit);

program.parseAsync().catch((e: unknown) => {
  const err = e as { code?: string; message?: string; status?: number };
  fail(err.message ?? String(e), 1);
});
