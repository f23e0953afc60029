import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { keyId, keysOf, loadKeyring } from '../secrets/keyring.ts';
import { indexAll, reindexAll, searchStatus } from '../search/search.index.ts';
import { ArchiveError, checkArchive } from './archive.ts';
import { createBackup, type Progress } from './backup.service.ts';
import { restoreBackup, RestoreError } from './restore.service.ts';

const PHASES: Record<Progress['phase'], string> = {
  snapshot: 'snapshot  [{bar}] {value}/{total} pages',
  export: 'archive   [{bar}] {value}/{total} rows  {eta_formatted} left',
  check: 'checking  [{bar}] {percentage}%  {eta_formatted} left',
  load: 'restoring [{bar}] {value}/{total} rows  {eta_formatted} left',
  index: 'indexing  [{bar}] {value}/{total} versions  {eta_formatted} left',
};

/** One progress bar per phase of long work, on standard error (silent when it is not a terminal). */
function phaseBars(): { progress: (p: Progress) => void; stop(): void } {
  let bar: cliProgress.SingleBar | null = null;
  let phase: Progress['phase'] | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    progress(p) {
      if (p.phase !== phase) {
        stop();
        phase = p.phase;
        bar = new cliProgress.SingleBar(
          { format: PHASES[p.phase], stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done);
      }
      bar!.setTotal(p.total);
      bar!.update(p.done);
    },
    stop,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `tansiq backup FILE` and `tansiq restore FILE`: the whole installation, online, in one archive. */
export function registerBackupCommands(program: Command, { withDb, configFrom }: CliKit): void {
  program
    .command('backup')
    .description(
      'write a consistent backup of the running installation (both engines; "-" for standard output)',
    )
    .argument('<file>')
    .addOption(dataOption())
    .action((file: string, opts: { data?: string }) =>
      withDb(opts, async (handle, config) => {
        const toStdout = file === '-';
        const target = path.resolve(file);
        if (!toStdout && !fs.existsSync(path.dirname(target)))
          fail(`${file}: the folder ${path.dirname(target)} does not exist`);
        const ring = loadKeyring(config);
        // Written beside the target and renamed when whole: a failed backup never looks like one.
        const partial = `${target}.partial`;
        if (!toStdout) fs.rmSync(partial, { force: true });
        const stream = toStdout ? process.stdout : fs.createWriteStream(partial, { mode: 0o600 });
        const bars = phaseBars();
        let result;
        try {
          result = await createBackup(
            handle,
            { stream, tmpDir: toStdout ? undefined : path.dirname(target) },
            {
              key: ring ? { id: keyId(ring.current), key: ring.current } : null,
              progress: bars.progress,
            },
          );
        } catch (e) {
          if (!toStdout) fs.rmSync(partial, { force: true });
          throw e;
        } finally {
          bars.stop();
        }
        if (!toStdout) fs.renameSync(partial, target);
        const say = (text: string) => (toStdout ? process.stderr : process.stdout).write(text);
        say(
          `backup written: ${toStdout ? 'standard output' : file} (${result.engine}, ${result.tables} tables, ` +
            `${result.rows} rows, ${mb(result.bytes)} from ${mb(result.rawBytes)}, ${seconds(result.ms)})\n` +
            `sha256 ${result.trailer.sha256}${ring && result.trailer.mac ? `, signed with key ${keyId(ring.current)}` : ''}\n`,
        );
        if (result.trailer.summary.sealed_with.length > 0)
          say(
            `peer credentials in it are sealed with key ${result.trailer.summary.sealed_with.join(', ')}: ` +
              `keep that key (TANSIQ_SECRET_KEY${config.databaseUrl ? '' : `, or ${path.join(config.dataDir, 'secret.key')}`}) ` +
              'apart from the backups; a restore needs it to open them\n',
          );
      }),
    );

  program
    .command('restore')
    .description(
      'restore a backup into an empty installation (--data, or DATABASE_URL): checked, atomic, migrated',
    )
    .argument('<file>')
    .addOption(dataOption())
    .option('--force', 'replace an installation that holds data')
    .option('--check', 'only check the archive (integrity, level, counts) and describe it')
    .option('--no-index', 'leave the search index to be rebuilt by the server')
    .action(
      async (
        file: string,
        opts: { data?: string; force?: boolean; check?: boolean; index: boolean },
      ) => {
        const config = configFrom(opts);
        const keys = keysOf(loadKeyring(config, { create: false }));
        const bars = phaseBars();
        try {
          if (opts.check) {
            if (!fs.existsSync(file)) fail(`${file}: no such file`);
            const size = fs.statSync(file).size;
            const { header, trailer, macChecked } = await checkArchive(file, {
              keys,
              onBytes: (n) => bars.progress({ phase: 'check', done: n, total: size }),
            });
            bars.stop();
            const rows = Object.values(trailer.summary.rows).reduce((a, b) => a + b, 0);
            process.stdout.write(
              `archive intact: ${header.engine}, made ${header.created_at}, migrations up to ` +
                `${header.migrations[header.migrations.length - 1]}, ${header.tables.length} tables, ${rows} rows\n` +
                `sha256 ${trailer.sha256} ${macChecked ? '(MAC checked)' : trailer.mac ? '(MAC not checked: its key is not configured here)' : '(no MAC)'}\n`,
            );
            return;
          }
          const result = await restoreBackup(
            file,
            { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
            { force: opts.force, keys, progress: bars.progress },
          );
          bars.stop();
          const where = config.databaseUrl
            ? 'PostgreSQL (DATABASE_URL)'
            : `SQLite in ${config.dataDir}`;
          process.stdout.write(
            `restored ${result.rows} rows into ${where} in ${seconds(result.ms)}: archive of ` +
              `${result.header.created_at} (${result.header.engine}, migrations up to ` +
              `${result.header.migrations[result.header.migrations.length - 1]})` +
              (result.migrated.length ? `, then migrated: ${result.migrated.join(', ')}` : '') +
              `\naudit log intact: ${result.auditEntries} entries\n`,
          );
          if (result.trailer.mac && !result.macChecked)
            process.stderr.write(
              'tansiq: the archive is signed with a key not configured here: its MAC was not checked (its sha256 was)\n',
            );
          if (result.missingKeys.length > 0)
            process.stderr.write(
              `tansiq: peer credentials are sealed with key ${result.missingKeys.join(', ')}, which is not configured here: ` +
                `set TANSIQ_SECRET_KEY${config.databaseUrl ? '' : ' (or copy secret.key into the data folder)'} before starting the server\n`,
            );
        } catch (e) {
          bars.stop();
          if (e instanceof ArchiveError) fail(`${file}: ${e.message}; nothing restored`);
          if (e instanceof RestoreError) fail(e.message);
          throw e;
        }
        if (opts.check || !opts.index) return;
        // The search index is derived: built again from the restored versions.
        await withDb(opts, async (handle) => {
          await reindexAll(handle.db);
          const { queued } = await searchStatus(handle.db);
          const bar = phaseBars();
          const done = await indexAll(handle.db, (n) =>
            bar.progress({ phase: 'index', done: Math.min(n, queued), total: queued }),
          );
          bar.stop();
          process.stdout.write(`search index rebuilt: ${done} versions\n`);
        });
      },
    );
}
