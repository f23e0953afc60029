import fs from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { dataOption, fail, type CliKit } from './cli/kit.ts';
import { ensureDemo, isEmpty, openConfigured } from './setup.ts';
import { addMember } from './admin/admin.service.ts';
import { startScheduledPulls } from './federation/peer.cli.ts';
import { resealPeerSecrets } from './federation/peers.service.ts';
import { resealFactors } from './accounts/factors.ts';
import { keyId, keysOf, loadKeyring } from './secrets/keyring.ts';
import { startDigestSchedule } from './notifications/digest.service.ts';
import { verifyAudit } from './audit/audit.service.ts';
import {
  currentHead,
  formatHead,
  headLines,
  HeadLineError,
  parseHead,
  verifyAgainst,
} from './audit/head.ts';
import { createUser, changeUser } from './accounts/users.service.ts';
import { createToken } from './accounts/tokens.service.ts';
import { userByUsername } from './accounts/users.repository.ts';
import type { Role } from './db/schema.ts';

async function readPassword(prompt: string): Promise<string> {
  if (process.env.TANSIQ_PASSWORD) return process.env.TANSIQ_PASSWORD;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString().split('\n')[0]!.trim();
  }
  process.stderr.write(prompt);
  process.stdin.setRawMode(true);
  let value = '';
  process.stdin.resume();
  for (;;) {
    const [chunk] = (await once(process.stdin, 'data')) as [Buffer];
    const ch = chunk.toString();
    if (ch === '\r' || ch === '\n') break;
    if (ch === '\u0003') process.exit(130);
    value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
  }
  process.stdin.setRawMode(false);
  process.stdin.pause();
  process.stderr.write('\n');
  return value;
}

/** The commands of the installation itself: serve, demo, users, tokens, the audit log. */
export function registerCoreCommands(
  program: Command,
  { withDb, actorFor, configFrom }: CliKit,
): void {
  program
    .command('serve')
    .description('run the server')
    .option('--port <port>', 'port to listen on (default 8080, or PORT)')
    .addOption(dataOption())
    .option('--demo', 'load the demo coalition (exercise data) into an empty database')
    .action(async (opts: { port?: string; data?: string; demo?: boolean }) => {
      const config = configFrom(opts);
      const handle = await openConfigured(config);
      const demo = opts.demo ? await ensureDemo(handle, config) : null;
      const empty = await isEmpty(handle);
      // The HTTP stack loads only to serve: other commands start faster without it.
      const { buildApp } = await import('./server.ts');
      const app = await buildApp({ config, handle });
      const address = await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl
        ? 'PostgreSQL (DATABASE_URL)'
        : `SQLite in ${config.dataDir}`;
      const lines = [
        `Tansiq is listening on ${address.replace('127.0.0.1', 'localhost')}  (database: ${where})`,
      ];
      if (demo) {
        lines.push(
          demo.loaded
            ? 'Demo coalition loaded (EXERCISE DATA: invented events, labelled so).'
            : 'Demo coalition already present.',
        );
        lines.push(
          `Demo logins: ${demo.usernames.join(', ')}`,
          `Demo password (all demo users): ${demo.password}`,
        );
      } else if (empty) {
        lines.push(
          'This installation is empty. Create the first admin with: npx tansiq user add --admin --username admin' +
            (config.databaseUrl ? '' : ` --data ${config.dataDir}`),
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      // Peer credentials and second factors from before they were sealed, or sealed by an older
      // key, are sealed anew.
      const keyring = loadKeyring(config);
      if (keyring) {
        await resealPeerSecrets(handle.db, keyring);
        await resealFactors(handle.db, keyring);
      }
      startScheduledPulls(handle.db, keyring, app.log, undefined, config);
      startDigestSchedule(handle.db, config, app.log);
      const stop = async () => {
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('demo')
    .description('create a database with the demo coalition (exercise data)')
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const demo = await ensureDemo(handle, config);
        process.stdout.write(
          demo.loaded
            ? `Demo loaded. Users: ${demo.usernames.join(', ')}\nPassword: ${demo.password}\n`
            : 'The database is not empty: nothing loaded.\n',
        );
      }),
    );

  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('add a user (password from TANSIQ_PASSWORD, standard input or a prompt)')
    .requiredOption('--username <name>')
    .option('--member <code>', 'member code (created with --admin on an empty instance if missing)')
    .addOption(
      new Option('--role <role>')
        .choices(['instance_admin', 'member_admin', 'analyst', 'reader'])
        .default('analyst'),
    )
    .option('--admin', 'shorthand for --role instance_admin')
    .addOption(dataOption())
    .action(
      (opts: { username: string; member?: string; role: Role; admin?: boolean; data?: string }) =>
        withDb(opts, async (handle) => {
          const role: Role = opts.admin ? 'instance_admin' : opts.role;
          let member = opts.member;
          if (!member) {
            if (!opts.admin) fail('--member: required');
            if (!(await isEmpty(handle)))
              fail('--member: required on an instance that has members');
            member = 'OPERATOR';
            await addMember(handle.db, null, {
              code: member,
              iso2: null,
              kind: 'organisation',
              names: {
                ar: 'مشغل المنصة',
                fr: 'Opérateur de la plateforme',
                en: 'Platform operator',
              },
            });
          }
          const password = await readPassword(`Password for ${opts.username}: `);
          const row = await createUser(handle.db, null, {
            username: opts.username,
            password,
            role,
            member,
          });
          process.stdout.write(`user ${row.username} (${row.role}) added\n`);
        }),
    );
  user
    .command('passwd')
    .description('set a user password (ends its sessions)')
    .argument('<username>')
    .addOption(dataOption())
    .action((username: string, opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        const password = await readPassword(`New password for ${username}: `);
        await changeUser(handle.db, null, username, { password });
        process.stdout.write(`password of ${username} changed\n`);
      }),
    );
  user
    .command('disable')
    .description('disable a user (ends its sessions)')
    .argument('<username>')
    .addOption(dataOption())
    .action((username: string, opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        await changeUser(handle.db, null, username, { disabled: true });
        process.stdout.write(`${username} disabled\n`);
      }),
    );

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .description('create an API token and print it')
    .requiredOption('--user <username>')
    .addOption(
      new Option('--scope <scope>').choices(['read', 'write', 'federation']).default('read'),
    )
    .option('--name <name>', 'what the token is for', 'cli')
    .addOption(dataOption())
    .action(
      (opts: {
        user: string;
        scope: 'read' | 'write' | 'federation';
        name: string;
        data?: string;
      }) =>
        withDb(opts, async (handle) => {
          const actor = await actorFor(handle.db, opts.user);
          const owner = (await userByUsername(handle.db, opts.user))!;
          const token = await createToken(handle.db, actor, owner, opts.name, opts.scope);
          process.stdout.write(`${token.token}\n`);
        }),
    );

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chain; exits 1 at the first bad entry')
    .option(
      '--against <line-or-file>',
      'also check heads filed earlier (a line printed by `tansiq audit head`, or a file of them)',
    )
    .addOption(dataOption())
    .action((opts: { data?: string; against?: string }) =>
      withDb(opts, async (handle, config) => {
        if (!opts.against) {
          const verdict = await verifyAudit(handle.db);
          if (verdict.ok) process.stdout.write(`audit log intact: ${verdict.entries} entries\n`);
          else {
            process.stdout.write(
              `audit log BROKEN at entry ${verdict.badSeq}: ${verdict.reason}\n`,
            );
            process.exitCode = 1;
          }
          return;
        }
        const text = fs.existsSync(opts.against)
          ? fs.readFileSync(opts.against, 'utf8')
          : opts.against;
        const lines = headLines(text);
        if (lines.length === 0) fail('--against: no audit head line (tansiq-audit-head/1 …) in it');
        const keys = keysOf(loadKeyring(config, { create: false }));
        const heads = lines.map((line, i) => {
          try {
            return parseHead(line, keys);
          } catch (e) {
            if (e instanceof HeadLineError) fail(`--against: head ${i + 1}: ${e.message}`);
            throw e;
          }
        });
        for (const h of heads)
          if (h.seal.kind === 'unknown-key')
            process.stderr.write(
              `tansiq: the head of ${h.at} is signed with key ${h.seal.keyId}, which is not configured: its signature is not checked\n`,
            );
        const verdict = await verifyAgainst(handle.db, heads);
        if (verdict.ok) {
          const newest = heads.reduce((a, b) => (b.seq > a.seq ? b : a));
          process.stdout.write(
            `audit log intact: ${verdict.entries} entries; holds ${heads.length} filed head(s), the latest of ${newest.at} at entry ${newest.seq}\n`,
          );
        } else {
          process.stdout.write(`${verdict.reason}\n`);
          process.exitCode = 1;
        }
      }),
    );
  audit
    .command('head')
    .description(
      'print the chain’s head as one line to file elsewhere (signed with the installation key when there is one)',
    )
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const ring = loadKeyring(config);
        const key = ring ? { id: keyId(ring.current), key: ring.current } : null;
        try {
          process.stdout.write(`${formatHead(await currentHead(handle.db), key)}\n`);
        } catch (e) {
          if (e instanceof HeadLineError) fail(e.message);
          throw e;
        }
      }),
    );
}
