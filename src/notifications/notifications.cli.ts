import type { Command } from 'commander';
import { userByUsername } from '../accounts/users.repository.ts';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { sendDigests, smtpMailer } from './digest.service.ts';

/** `tansiq digests send`: what the server's schedule does, now, for operators. */
export function registerNotificationCommands(program: Command, { withDb }: CliKit): void {
  program
    .command('digests')
    .description('e-mail digests of notifications (through TANSIQ_SMTP_URL)')
    .command('send')
    .description('send the digests that are due now (exits 1 if one could not be delivered)')
    .option('--user <username>', 'only this user’s digest')
    .option('--force', 'send even if the last digest is recent (not if nothing is new)')
    .addOption(dataOption())
    .action((opts: { user?: string; force?: boolean; data?: string }) =>
      withDb(opts, async (handle, config) => {
        const mailer = smtpMailer(config);
        if (!mailer) fail('TANSIQ_SMTP_URL is not set: this installation sends no e-mail');
        let userId: string | undefined;
        if (opts.user) {
          const user = await userByUsername(handle.db, opts.user);
          if (!user) fail(`--user: no user "${opts.user}"`);
          userId = user.id;
        }
        try {
          const report = await sendDigests(handle.db, config, mailer, {
            userId,
            force: opts.force === true,
          });
          for (const s of report.sent)
            process.stdout.write(`sent      ${s.username}: ${s.items} notification(s)\n`);
          for (const f of report.failed)
            process.stdout.write(`FAILED    ${f.username}: ${f.error}\n`);
          process.stdout.write(
            `${report.sent.length} digest(s) sent, ${report.nothingNew} with nothing new, ${report.failed.length} failed\n`,
          );
          if (report.failed.length) process.exitCode = 1;
        } finally {
          mailer.close();
        }
      }),
    );
}
