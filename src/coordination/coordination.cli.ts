import fs from 'node:fs';
import { once } from 'node:events';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ImportResult } from '../../contract/coordination.ts';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { AppError } from '../errors.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import { exportCsv, exportIati } from './projects.export.ts';
import { ImportRejected, importIati, prepareCsvImport, type Progress } from './projects.import.ts';
import { audienceSpec } from './sharing.ts';

interface ImportOptions {
  as: string;
  audience: string;
  tlp?: string;
  federate?: boolean;
  data?: string;
}

function progressBar(): { progress: Progress; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total}  {eta_formatted} left',
      stream: process.stderr,
      // Also when the output is a log, not a terminal: a line every few seconds, and the last.
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    progress(next, done, total) {
      if (next !== phase) {
        if (phase) bar.stop();
        phase = next;
        bar.start(total, done, { phase: next === 'parse' ? 'reading ' : 'writing ' });
      } else bar.update(done);
    },
    stop: () => phase && bar.stop(),
  };
}

function report(result: ImportResult): void {
  process.stdout.write(
    `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} unreadable\n`,
  );
  for (const p of result.problems)
    process.stdout.write(
      `  line ${p.line ?? '?'}${p.identifier ? ` ${p.identifier}` : ''}: ${p.message}\n`,
    );
  if (result.rejected > result.problems.length)
    process.stdout.write(`  … and ${result.rejected - result.problems.length} more\n`);
  if (result.warnings.length)
    process.stdout.write(
      `${result.warnings.length}${result.warnings.length >= 200 ? '+' : ''} warnings (first ones):\n`,
    );
  for (const w of result.warnings.slice(0, 20))
    process.stdout.write(
      `  line ${w.line ?? '?'}${w.identifier ? ` ${w.identifier}` : ''}: ${w.message}\n`,
    );
  if (result.rejected > 0) process.exitCode = 1;
}

function sharing(opts: ImportOptions) {
  if (opts.tlp && !isTlpLevel(opts.tlp))
    fail('--tlp: use clear, green, amber, amber+strict or red');
  return {
    audience: audienceSpec(opts.audience),
    tlp: opts.tlp as TlpLevel | undefined,
    federate: Boolean(opts.federate),
  };
}

async function writeAll(chunks: AsyncIterable<string>, file?: string): Promise<void> {
  const out = file ? fs.createWriteStream(file) : process.stdout;
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  if (file) {
    (out as fs.WriteStream).end();
    await once(out, 'finish');
  }
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ImportRejected) {
      process.stdout.write(`${error.message}\n`);
      for (const p of error.problems)
        process.stdout.write(`  line ${p.line ?? '?'}: ${p.message}\n`);
      process.exit(1);
    }
    if (error instanceof AppError) fail(error.message);
    throw error;
  }
}

const read = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`${file}: ${(error as Error).message}`);
  }
};

/** `tansiq import-iati|export-iati|import-projects|export-projects`: the register's files. */
export function registerCoordinationCommands(program: Command, { withDb, actorFor }: CliKit): void {
  program
    .command('import-iati')
    .description("import a member's IATI 2.0x activities file into the capacity-building register")
    .argument('<file>')
    .requiredOption('--as <username>', 'the user importing (its member publishes the activities)')
    .requiredOption('--audience <audience>', 'member | coalition | group:<slug> | recipients:MA,NE')
    .option('--tlp <level>', 'TLP of the projects (default amber)')
    .option('--federate', 'may be federated to peers')
    .addOption(dataOption())
    .action((file: string, opts: ImportOptions) =>
      withDb(opts, (handle) =>
        run(async () => {
          const xml = read(file);
          const actor = await actorFor(handle.db, opts.as);
          const bar = progressBar();
          const result = await importIati(handle.db, actor, xml, sharing(opts), bar.progress, file);
          bar.stop();
          report(result);
        }),
      ),
    );

  program
    .command('export-iati')
    .description('write the projects a user may see as an IATI Activity Standard 2.03 file')
    .requiredOption('--as <username>')
    .option('--out <file>', 'file to write (default: standard output)')
    .addOption(dataOption())
    .action((opts: { as: string; out?: string; data?: string }) =>
      withDb(opts, (handle) =>
        run(async () => {
          const actor = await actorFor(handle.db, opts.as);
          await writeAll(await exportIati(handle.db, actor, {}), opts.out);
        }),
      ),
    );

  program
    .command('import-projects')
    .description('import projects from a CSV file (all rows or none; errors by line)')
    .argument('<file>')
    .requiredOption('--as <username>')
    .option('--audience <audience>', 'for rows without an audience column', 'member')
    .option('--tlp <level>', 'for rows without a tlp column (default amber)')
    .option('--federate', 'for rows without a federate column')
    .addOption(dataOption())
    .action((file: string, opts: ImportOptions) =>
      withDb(opts, (handle) =>
        run(async () => {
          const text = read(file);
          const actor = await actorFor(handle.db, opts.as);
          const bar = progressBar();
          const prepared = await prepareCsvImport(
            handle.db,
            actor,
            text,
            sharing(opts),
            bar.progress,
          );
          const result = await prepared.run(bar.progress);
          bar.stop();
          report(result);
        }),
      ),
    );

  program
    .command('export-projects')
    .description('write the projects a user may see as CSV (the import format)')
    .requiredOption('--as <username>')
    .option('--out <file>', 'file to write (default: standard output)')
    .addOption(dataOption())
    .action((opts: { as: string; out?: string; data?: string }) =>
      withDb(opts, (handle) =>
        run(async () => {
          const actor = await actorFor(handle.db, opts.as);
          await writeAll(await exportCsv(handle.db, actor, {}), opts.out);
        }),
      ),
    );
}
