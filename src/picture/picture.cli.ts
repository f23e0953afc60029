import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { AppError } from '../errors.ts';
import { resolveAudience } from '../members/audience.service.ts';
import { sharingViolation } from '../policy/sharing.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import { importEvents } from './events.import.ts';
import { parseAudienceSpec, unknownActorList } from './import.service.ts';

/** `tansiq import-events FILE --as U --audience A [--tlp L] [--federate]`: ACLED or UCDP GED CSV. */
export function registerPictureCommands(program: Command, { withDb, actorFor }: CliKit): void {
  program
    .command('import-events')
    .description('import an ACLED or UCDP GED CSV file as incidents (re-importing changes nothing)')
    .argument('<file>')
    .requiredOption('--as <username>')
    .requiredOption('--audience <audience>', 'member | coalition | group:<slug> | recipients:MA,NE')
    .option('--tlp <level>', 'TLP of the incidents (default amber)')
    .option('--federate', 'may be federated to peers')
    .addOption(dataOption())
    .action(
      (
        file: string,
        opts: { as: string; audience: string; tlp?: string; federate?: boolean; data?: string },
      ) =>
        withDb(opts, async (handle) => {
          if (opts.tlp && !isTlpLevel(opts.tlp))
            fail('--tlp: use clear, green, amber, amber+strict or red');
          if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`${file}: no such file`);
          const tlp = (opts.tlp ?? 'amber') as TlpLevel;
          const actor = await actorFor(handle.db, opts.as);
          const audience = await resolveAudience(
            handle.db,
            actor,
            parseAudienceSpec(opts.audience),
          ).catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
          const violation = sharingViolation(tlp, audience, !!opts.federate);
          if (violation) fail(`${violation.message} (rule ${violation.rule})`);
          const bar = new cliProgress.SingleBar(
            {
              format: 'importing [{bar}] {value}/{total} rows  {eta_formatted} left',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          );
          let started = false;
          const t0 = Date.now();
          const result = await importEvents(
            handle.db,
            actor,
            () => fs.createReadStream(file),
            { audience, tlp, federate: !!opts.federate },
            (p) => {
              if (!started) {
                bar.start(p.rows, 0);
                started = true;
              }
              bar.update(p.processed);
            },
          ).catch((e: unknown) => {
            if (started) bar.stop();
            fail(e instanceof AppError ? e.message : String(e));
          });
          bar.stop();
          const seconds = (Date.now() - t0) / 1000;
          const lines = [
            `${result.dataset}: ${result.rows} rows in ${seconds.toFixed(1)} s — ${result.stored} new incidents, ${result.updated} new versions, ${result.unchanged} unchanged, ${result.rejected} rejected` +
              (result.not_owner ? `, ${result.not_owner} held by another member` : ''),
          ];
          for (const e of result.errors.slice(0, 50)) lines.push(`  line ${e.line}: ${e.reason}`);
          if (result.rejected > 50) lines.push(`  … and ${result.rejected - 50} more`);
          const unknown = unknownActorList(result);
          if (unknown.length) {
            lines.push('Actors not matched to a group (add them as aliases to match them):');
            for (const u of unknown.slice(0, 20)) lines.push(`  ${u.name} (${u.rows} rows)`);
          }
          process.stdout.write(`${lines.join('\n')}\n`);
          if (result.rejected > 0) process.exitCode = 1;
        }),
    );
}
