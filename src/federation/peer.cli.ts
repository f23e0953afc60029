import type { Command } from 'commander';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { addPeer, listPeers, removePeer, requirePeer, resealPeerSecrets } from './peers.service.ts';
import { keyId, loadKeyring } from '../secrets/keyring.ts';
import { resealFactors } from '../accounts/factors.ts';
import { pullPeer, type TransferReport } from './pull.ts';
import { pushPeer } from './push.ts';

export { startScheduledPulls } from './schedule.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

function printReport(verb: string, report: TransferReport): void {
  const lines: string[] = [];
  for (const c of report.collections) {
    lines.push(
      `${c.title} (${c.collection}): ${c.fetched} ${verb}, ${c.stored} stored, ${c.duplicates} already present, ${c.rejected} refused; checkpoint ${c.checkpoint ?? 'none'}`,
    );
    for (const p of c.problems.slice(0, 20)) lines.push(`  ${p}`);
    if (c.error) lines.push(`  error: ${c.error}`);
  }
  if (report.error) lines.push(`error: ${report.error}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (report.error || report.collections.some((c) => c.error)) process.exitCode = 1;
}

/** `tansiq peer add|list|pull|push|remove`: federation with other TAXII 2.1 servers. */
export function registerPeerCommands(program: Command, { withDb }: CliKit): void {
  const peer = program
    .command('peer')
    .description('federation peers (other Tansiq instances or TAXII 2.1 servers)');

  peer
    .command('add')
    .description('add a peer to pull from and push to')
    .requiredOption('--name <name>')
    .requiredOption('--url <url>', 'TAXII discovery URL (…/taxii2/) or API root')
    .requiredOption('--user <username>', 'account at the peer')
    .option('--password <password>')
    .option('--token <token>', 'API token at the peer')
    .requiredOption(
      '--audience <audience>',
      'audience of pulled objects here: member | coalition | group:<slug> | recipients:MA,NE',
    )
    .option(
      '--member <code>',
      'local member that owns pulled objects (default: the member of the first instance admin)',
    )
    .option(
      '--collection <id>',
      'remote collection id (repeatable; default every readable one)',
      collect,
      [] as string[],
    )
    .option('--interval <seconds>', 'scheduled pull while `serve` runs (0: never)', '300')
    .addOption(dataOption())
    .action(
      (opts: {
        name: string;
        url: string;
        user: string;
        password?: string;
        token?: string;
        audience: string;
        member?: string;
        collection: string[];
        interval: string;
        data?: string;
      }) =>
        withDb(opts, async (handle, config) => {
          const row = await addPeer(handle.db, loadKeyring(config), null, {
            name: opts.name,
            url: opts.url,
            username: opts.user,
            password: opts.password,
            token: opts.token,
            member: opts.member,
            audience: opts.audience,
            collections: opts.collection,
            interval_seconds: Number(opts.interval),
          });
          process.stdout.write(`peer ${row.name} added (${row.url})\n`);
        }),
    );

  peer
    .command('list')
    .description('list peers and their checkpoints')
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        const peers = await listPeers(handle.db);
        if (peers.length === 0) process.stdout.write('no peers\n');
        for (const p of peers) {
          process.stdout.write(
            `${p.name}  ${p.url}  as ${p.username} (${p.auth})  -> ${p.audience} owned by ${p.member}, every ${p.interval_seconds}s; last pull ${p.last_pull_at ?? 'never'}${p.last_error ? `, error: ${p.last_error}` : ''}\n`,
          );
          for (const c of p.checkpoints)
            process.stdout.write(`  ${c.direction} ${c.collection_id} after ${c.added_after}\n`);
        }
      }),
    );

  peer
    .command('pull')
    .description('pull new objects from a peer')
    .argument('<name>')
    .addOption(dataOption())
    .action((name: string, opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const peer = await requirePeer(handle.db, loadKeyring(config), name);
        printReport('fetched', await pullPeer(handle.db, peer, config));
      }),
    );

  peer
    .command('push')
    .description('push local federable objects to a peer')
    .argument('<name>')
    .addOption(dataOption())
    .action((name: string, opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const peer = await requirePeer(handle.db, loadKeyring(config), name);
        printReport('sent', await pushPeer(handle.db, peer));
      }),
    );

  peer
    .command('remove')
    .description('remove a peer and its checkpoints')
    .argument('<name>')
    .addOption(dataOption())
    .action((name: string, opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        await removePeer(handle.db, null, name);
        process.stdout.write(`peer ${name} removed\n`);
      }),
    );

  program
    .command('secrets')
    .description('secrets at rest (peer credentials, second factors)')
    .command('rotate')
    .description(
      're-seal every peer credential and second factor under TANSIQ_SECRET_KEY (older keys in TANSIQ_SECRET_KEY_PREVIOUS)',
    )
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const keyring = loadKeyring(config);
        if (!keyring) fail('TANSIQ_SECRET_KEY: required on PostgreSQL');
        const count = await resealPeerSecrets(handle.db, keyring);
        const factors = await resealFactors(handle.db, keyring);
        process.stdout.write(
          `${count} peer secrets and ${factors} second factors sealed with key ${keyId(keyring.current)}\n`,
        );
      }),
    );
}
