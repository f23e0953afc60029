import { Option, type Command } from 'commander';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { AppError } from '../errors.ts';
import { groupsOverview, members } from '../members/members.service.ts';
import { addChairTerm, addGroup, addMember, setMembership } from './admin.service.ts';

async function run(work: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await work()}\n`);
  } catch (e) {
    if (e instanceof AppError) fail(e.message);
    throw e;
  }
}

/** `tansiq member add|list` and `tansiq group add|list|join|leave|chair`: the coalition's shape. */
export function registerAdminCommands(program: Command, { withDb }: CliKit): void {
  const member = program
    .command('member')
    .description('members: states and international organisations');
  member
    .command('add')
    .description('add a member, with its STIX identity')
    .requiredOption('--code <code>', 'short code, e.g. SN or UNOCT')
    .option('--iso2 <code>', 'ISO 3166-1 alpha-2 code, for a state')
    .addOption(new Option('--kind <kind>').choices(['state', 'organisation']).default('state'))
    .requiredOption('--ar <name>', 'name in Arabic')
    .requiredOption('--fr <name>', 'name in French')
    .requiredOption('--en <name>', 'name in English')
    .addOption(dataOption())
    .action(
      (o: {
        code: string;
        iso2?: string;
        kind: 'state' | 'organisation';
        ar: string;
        fr: string;
        en: string;
        data?: string;
      }) =>
        withDb(o, (handle) =>
          run(async () => {
            const m = await addMember(handle.db, null, {
              code: o.code,
              iso2: o.iso2 ?? null,
              kind: o.kind,
              names: { ar: o.ar, fr: o.fr, en: o.en },
            });
            return `member ${m.code} added (identity ${m.identity_id})`;
          }),
        ),
    );
  member
    .command('list')
    .description('list members')
    .addOption(dataOption())
    .action((o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () =>
          (await members(handle.db))
            .map(
              (m) =>
                `${m.code.padEnd(8)} ${m.kind.padEnd(13)} ${m.names.en} | ${m.names.fr} | ${m.names.ar}`,
            )
            .join('\n'),
        ),
      ),
    );

  const group = program
    .command('group')
    .description('working groups, their members, observers and chair terms');
  group
    .command('add')
    .description('add a working group')
    .requiredOption('--slug <slug>', 'e.g. africa-focus-group')
    .requiredOption('--ar <name>')
    .requiredOption('--fr <name>')
    .requiredOption('--en <name>')
    .addOption(dataOption())
    .action((o: { slug: string; ar: string; fr: string; en: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          await addGroup(handle.db, null, {
            slug: o.slug,
            names: { ar: o.ar, fr: o.fr, en: o.en },
          });
          return `group ${o.slug} added`;
        }),
      ),
    );
  group
    .command('join')
    .description('put a member in a group')
    .argument('<slug>')
    .argument('<code>')
    .addOption(new Option('--role <role>').choices(['member', 'observer']).default('member'))
    .addOption(dataOption())
    .action((slug: string, code: string, o: { role: 'member' | 'observer'; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          await setMembership(handle.db, null, slug, code, o.role);
          return `${code.toUpperCase()} is ${o.role === 'member' ? 'a member' : 'an observer'} of ${slug}`;
        }),
      ),
    );
  group
    .command('leave')
    .description('take a member out of a group')
    .argument('<slug>')
    .argument('<code>')
    .addOption(dataOption())
    .action((slug: string, code: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          await setMembership(handle.db, null, slug, code, null);
          return `${code.toUpperCase()} left ${slug}`;
        }),
      ),
    );
  group
    .command('chair')
    .description('record a chair term')
    .argument('<slug>')
    .argument('<code>')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD (open when absent)')
    .addOption(dataOption())
    .action((slug: string, code: string, o: { from: string; to?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          await addChairTerm(handle.db, null, slug, {
            member: code,
            from: o.from,
            to: o.to ?? null,
          });
          return `${code.toUpperCase()} co-chairs ${slug} from ${o.from}${o.to ? ` to ${o.to}` : ''}`;
        }),
      ),
    );
  group
    .command('list')
    .description('groups, their members and who co-chairs on a date')
    .option('--date <date>', 'YYYY-MM-DD (default today)')
    .addOption(dataOption())
    .action((o: { date?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () =>
          (await groupsOverview(handle.db, o.date))
            .map(
              (g) =>
                `${g.slug}: ${g.names.en}\n  members: ${g.members.join(', ')}\n  observers: ${g.observers.join(', ') || '—'}\n  co-chairs: ${g.chairs.join(', ') || '—'}`,
            )
            .join('\n'),
        ),
      ),
    );
}
