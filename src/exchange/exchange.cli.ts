import fs from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { resolveAudience } from '../members/audience.service.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import { exportBundle } from './objects.read.ts';
import { storeObjects } from './objects.service.ts';
import { projectionsWaiting, projectWaiting } from './projector.ts';

/** `recipients:MA,NE` on the command line is `{recipients: [...]}` in the API. */
export function parseAudience(value: string): string | { recipients: string[] } {
  return value.startsWith('recipients:')
    ? { recipients: value.slice('recipients:'.length).split(',') }
    : value;
}

/**
 * Objects per transaction on the bulk path: sized by time, not fixed. Each commit is durable (one
 * fsync), so few large transactions go fast; aiming at about a second each keeps every
 * acknowledged part small enough that a crash loses at most the part being written.
 */
export class TransactionSizer {
  private size: number;
  constructor(
    private readonly targetMs = 1000,
    first = 5000,
    private readonly max = 50_000,
  ) {
    this.size = first;
  }
  next(): number {
    return this.size;
  }
  /** After a transaction of `count` objects took `ms`: the size that takes about `targetMs`. */
  took(count: number, ms: number): void {
    const perObject = ms / Math.max(1, count);
    const ideal = this.targetMs / Math.max(perObject, 0.001);
    this.size = Math.max(500, Math.min(this.max, Math.round((this.size + ideal) / 2)));
  }
}

/** `tansiq import` and `tansiq export`: bundles in and out, as a user. */
export function registerExchangeCommands(program: Command, { withDb, actorFor }: CliKit): void {
  program
    .command('import')
    .description('import a STIX 2.1 bundle (or a JSON list of objects) as a user')
    .argument('<file>')
    .requiredOption('--as <username>')
    .requiredOption('--audience <audience>', 'member | coalition | group:<slug> | recipients:MA,NE')
    .option('--tlp <level>', 'TLP for objects without a marking (default amber)')
    .option('--federate', 'may be federated to peers')
    .option('--batch <n>', 'objects per transaction (default: sized by time, about a second each)')
    .addOption(dataOption())
    .action(
      (
        file: string,
        opts: {
          as: string;
          audience: string;
          tlp?: string;
          federate?: boolean;
          batch?: string;
          data?: string;
        },
      ) =>
        withDb(opts, async (handle) => {
          if (opts.tlp && !isTlpLevel(opts.tlp))
            fail('--tlp: use clear, green, amber, amber+strict or red');
          if (opts.batch !== undefined && !(Number(opts.batch) >= 1))
            fail('--batch: a positive whole number');
          let parsed: unknown;
          try {
            parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
          } catch (e) {
            fail(`${file}: ${(e as Error).message}`);
          }
          const objects = Array.isArray(parsed)
            ? parsed
            : ((parsed as { objects?: unknown[] }).objects ?? [parsed]);
          const actor = await actorFor(handle.db, opts.as);
          const audience = await resolveAudience(handle.db, actor, parseAudience(opts.audience));
          const sizer = opts.batch
            ? { next: () => Number(opts.batch), took: () => undefined }
            : new TransactionSizer();
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
          for (let i = 0; i < objects.length;) {
            const size = sizer.next();
            const t0 = performance.now();
            const outcome = await storeObjects(handle.db, actor, {
              objects: objects.slice(i, i + size),
              audience,
              federate: !!opts.federate,
              tlp: opts.tlp as TlpLevel | undefined,
              source: 'import',
              projectLater: true,
            });
            sizer.took(size, performance.now() - t0);
            totals.stored += outcome.stored;
            totals.duplicates += outcome.duplicates;
            totals.rejected += outcome.rejected;
            for (const r of outcome.results)
              if (r.status === 'rejected' && problems.length < 51)
                problems.push(
                  `  #${i + r.index} ${r.id ?? '(no id)'}: ${r.errors.map((e) => `${e.path || 'object'}: ${e.reason}`).join('; ') || r.code}`,
                );
            i += size;
            bar.update(Math.min(i, objects.length));
          }
          bar.stop();
          process.stdout.write(
            `${totals.stored} stored, ${totals.duplicates} already present, ${totals.rejected} rejected\n`,
          );
          if (problems.length)
            process.stdout.write(
              `${problems.slice(0, 50).join('\n')}\n${totals.rejected > 50 ? `  … and ${totals.rejected - 50} more\n` : ''}`,
            );
          if (totals.stored > 0)
            process.stdout.write(
              'the threat picture, the references and search take the new versions in the background once the server runs (`tansiq projections run` and `tansiq search-index run` do it now)\n',
            );
          if (totals.rejected > 0) process.exitCode = 1;
        }),
    );

  const projections = program
    .command('projections')
    .description(
      "the threat picture's and the references' rows of stored versions, written after the import",
    );
  projections
    .command('status')
    .description('how many stored versions wait for their projections')
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        process.stdout.write(`waiting: ${await projectionsWaiting(handle.db)} version(s)\n`);
      }),
    );
  projections
    .command('run')
    .description('write the projections of every stored version that waits, now')
    .addOption(dataOption())
    .action((opts: { data?: string }) =>
      withDb(opts, async (handle) => {
        const waiting = await projectionsWaiting(handle.db);
        const bar = new cliProgress.SingleBar(
          {
            format: 'projecting [{bar}] {value}/{total} versions  {eta_formatted} left',
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(waiting, 0);
        const done = await projectWaiting(handle.db, Infinity, (n) =>
          bar.update(Math.min(n, waiting)),
        );
        bar.update(waiting);
        bar.stop();
        process.stdout.write(`${done} version(s) projected\n`);
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
        const actor = await actorFor(handle.db, opts.as);
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
}
