import fs from 'node:fs';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { actorFor, configFrom, dataOption, fail, withDb } from './cli.support.ts';
import { ensureDemo, isEmpty, openConfigured } from './setup.ts';
import { registerMemberCommands } from './members/members.cli.ts';
import { buildApp } from './server.ts';
import { registerPeerCommands, startScheduledPulls } from './federation/peer.cli.ts';
import { registerSearchCommands } from './search/search.cli.ts';
import { verifyAudit } from './audit/audit.service.ts';
import { createUser, changeUser, createToken } from './members/users.service.ts';
import { userByUsername } from './members/users.repository.ts';
import { resolveAudience } from './members/audience.service.ts';
import { storeObjects } from './exchange/objects.service.ts';
import { exportBundle } from './exchange/objects.read.ts';
import { isTlpLevel } from './stix/tlp.ts';
import type { Role } from './db/schema.ts';

const program = new Command('tansiq')
  .description('Tansiq (تنسيق): coalition threat-information exchange')
  .showHelpAfterError();

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
    const app = await buildApp({ config, handle });
    const address = await app.listen({ port: config.port, host: config.host });
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.dataDir}`;
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
    startScheduledPulls(handle.db, app.log);
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
          const { createMember } = await import('./members/members.service.ts');
          if (!(await isEmpty(handle))) fail('--member: required on an instance that has members');
          member = 'OPERATOR';
          await createMember(handle.db, {
            code: member,
            iso2: null,
            kind: 'organisation',
            names: { ar: 'مشغل المنصة', fr: 'Opérateur de la plateforme', en: 'Platform operator' },
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
  .addOption(new Option('--scope <scope>').choices(['read', 'write', 'federation']).default('read'))
  .option('--name <name>', 'what the token is for', 'cli')
  .addOption(dataOption())
  .action(
    (opts: { user: string; scope: 'read' | 'write' | 'federation'; name: string; data?: string }) =>
      withDb(opts, async (handle) => {
        const actor = await actorFor(handle, opts.user);
        const owner = (await userByUsername(handle.db, opts.user))!;
        const token = await createToken(handle.db, actor, owner, opts.name, opts.scope);
        process.stdout.write(`${token.token}\n`);
      }),
  );

function parseAudience(value: string): string | { recipients: string[] } {
  return value.startsWith('recipients:')
    ? { recipients: value.slice('recipients:'.length).split(',') }
    : value;
}

program
  .command('import')
  .description('import a STIX 2.1 bundle (or a JSON list of objects) as a user')
  .argument('<file>')
  .requiredOption('--as <username>')
  .requiredOption('--audience <audience>', 'member | coalition | group:<slug> | recipients:MA,NE')
  .option('--tlp <level>', 'TLP for objects without a marking (default amber)')
  .option('--federate', 'may be federated to peers')
  .option('--batch <n>', 'objects per transaction', '1000')
  .addOption(dataOption())
  .action(
    (
      file: string,
      opts: {
        as: string;
        audience: string;
        tlp?: string;
        federate?: boolean;
        batch: string;
        data?: string;
      },
    ) =>
      withDb(opts, async (handle) => {
        if (opts.tlp && !isTlpLevel(opts.tlp))
          fail('--tlp: use clear, green, amber, amber+strict or red');
        let parsed: unknown;
        try {
          parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (e) {
          fail(`${file}: ${(e as Error).message}`);
        }
        const objects = Array.isArray(parsed)
          ? parsed
          : ((parsed as { objects?: unknown[] }).objects ?? [parsed]);
        const actor = await actorFor(handle, opts.as);
        const audience = await resolveAudience(handle.db, actor, parseAudience(opts.audience));
        const size = Math.max(1, Number(opts.batch) || 1000);
        const bar = new cliProgress.SingleBar(
          {
            format: 'importing [{bar}] {value}/{total} objects  {eta_formatted} left',
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(objects.length, 0);
        const totals = { stored: 0, duplicates: 0, rejected: 0 };
        const problems: string[] = [];
        for (let i = 0; i < objects.length; i += size) {
          const outcome = await storeObjects(handle.db, actor, {
            objects: objects.slice(i, i + size),
            audience,
            federate: !!opts.federate,
            tlp: opts.tlp as never,
            source: 'import',
          });
          totals.stored += outcome.stored;
          totals.duplicates += outcome.duplicates;
          totals.rejected += outcome.rejected;
          for (const r of outcome.results)
            if (r.status === 'rejected')
              problems.push(
                `  #${i + r.index} ${r.id ?? '(no id)'}: ${r.errors.map((e) => `${e.path || 'object'}: ${e.reason}`).join('; ')}`,
              );
          bar.update(Math.min(i + size, objects.length));
        }
        bar.stop();
        process.stdout.write(
          `${totals.stored} stored, ${totals.duplicates} already present, ${totals.rejected} rejected\n`,
        );
        if (problems.length)
          process.stdout.write(
            `${problems.slice(0, 50).join('\n')}\n${problems.length > 50 ? `  … and ${problems.length - 50} more\n` : ''}`,
          );
        if (totals.rejected > 0) process.exitCode = 1;
      }),
  );

program
  .command('export')
  .description('write a STIX 2.1 bundle of what a user may see')
  .requiredOption('--as <username>')
  .option('--type <types>', 'comma-separated STIX types')
  .option('--out <file>', 'file to write (default: standard output)')
  .addOption(dataOption())
  .action((opts: { as: string; type?: string; out?: string; data?: string }) =>
    withDb(opts, async (handle) => {
      const actor = await actorFor(handle, opts.as);
      const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
      for await (const chunk of exportBundle(
        handle.db,
        actor,
        { types: opts.type?.split(',') },
        'cli.export',
      )) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (opts.out) {
        (out as fs.WriteStream).end();
        await once(out, 'finish');
      } else out.write('\n');
    }),
  );

program
  .command('audit')
  .description('the audit log')
  .command('verify')
  .description('check the hash chain; exits 1 at the first bad entry')
  .addOption(dataOption())
  .action((opts: { data?: string }) =>
    withDb(opts, async (handle) => {
      const verdict = await verifyAudit(handle.db);
      if (verdict.ok) process.stdout.write(`audit log intact: ${verdict.entries} entries\n`);
      else {
        process.stdout.write(`audit log BROKEN at entry ${verdict.badSeq}: ${verdict.reason}\n`);
        process.exitCode = 1;
      }
    }),
  );

registerPeerCommands(program);
registerMemberCommands(program);
registerSearchCommands(program);

program.parseAsync().catch((e: unknown) => {
  const err = e as { code?: string; message?: string; status?: number };
  fail(err.message ?? String(e), 1);
});
