import { Option, type Command } from 'commander';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { AppError } from '../errors.ts';
import type { HistoryItem } from '../../contract/audit.ts';
import { groupsOverview, members } from '../members/members.service.ts';
import { addChairTerm, addGroup, addMember, setMembership } from './admin.service.ts';
import {
  correctChairTerm,
  endChairTerm,
  endCoChairmanship,
  withdrawChairTerm,
} from './chairs.service.ts';
import {
  closeGroup,
  reopenGroup,
  restoreMember,
  retireMember,
  updateGroup,
  updateMember,
} from './corrections.service.ts';
import { groupHistory, memberHistory } from './history.service.ts';

async function run(work: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await work()}\n`);
  } catch (e) {
    if (e instanceof AppError) fail(e.message);
    throw e;
  }
}

/** History, newest first: when, who, what, and each field before → after. */
function historyLines(items: HistoryItem[]): string {
  if (items.length === 0) return 'no history';
  return items
    .map((h) => {
      const about = [
        h.member,
        h.term ? `term ${h.term}` : null,
        h.because ? `(${h.because})` : null,
      ]
        .filter(Boolean)
        .join(' ');
      const changes = h.changes
        .map((c) => `${c.field}: ${c.before ?? '—'} → ${c.after ?? '—'}`)
        .join('; ');
      return `${h.at} ${h.actor ?? '?'} ${h.action}${about ? ` ${about}` : ''}${changes ? `\n    ${changes}` : ''}`;
    })
    .join('\n');
}

/** Names given on the command line, in any of the three languages. */
function someNames(o: { ar?: string; fr?: string; en?: string }) {
  return {
    ...(o.ar !== undefined ? { ar: o.ar } : {}),
    ...(o.fr !== undefined ? { fr: o.fr } : {}),
    ...(o.en !== undefined ? { en: o.en } : {}),
  };
}

/**
 * `tansiq member add|edit|retire|restore|history|list` and `tansiq group
 * add|edit|close|reopen|history|list|join|leave|chair|terms|term-correct|term-end|term-withdraw|chair-end`:
 * the coalition's shape, and its corrections (each audited, the history kept).
 */
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
                `${m.code.padEnd(8)} ${m.kind.padEnd(13)} ${m.names.en} | ${m.names.fr} | ${m.names.ar}${m.retired_on ? ` (retired ${m.retired_on})` : ''}`,
            )
            .join('\n'),
        ),
      ),
    );
  member
    .command('edit')
    .description('correct a member: a name in one or more languages, its ISO code, its kind')
    .argument('<code>')
    .option('--ar <name>', 'name in Arabic')
    .option('--fr <name>', 'name in French')
    .option('--en <name>', 'name in English')
    .option('--iso2 <code>', 'ISO 3166-1 alpha-2 code ("" for none)')
    .addOption(new Option('--kind <kind>').choices(['state', 'organisation']))
    .addOption(dataOption())
    .action(
      (
        code: string,
        o: {
          ar?: string;
          fr?: string;
          en?: string;
          iso2?: string;
          kind?: 'state' | 'organisation';
          data?: string;
        },
      ) =>
        withDb(o, (handle) =>
          run(async () => {
            const m = await updateMember(handle.db, null, code, {
              names: someNames(o),
              ...(o.iso2 !== undefined ? { iso2: o.iso2 || null } : {}),
              ...(o.kind ? { kind: o.kind } : {}),
            });
            return `member ${m.code}: ${m.name_en} | ${m.name_fr} | ${m.name_ar}`;
          }),
        ),
    );
  member
    .command('retire')
    .description('retire a member: its chair terms end, its people no longer sign in')
    .argument('<code>')
    .option('--on <date>', 'YYYY-MM-DD (default today)')
    .addOption(dataOption())
    .action((code: string, o: { on?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const m = await retireMember(handle.db, null, code, { on: o.on });
          return `member ${m.code} retired on ${m.retired_on}`;
        }),
      ),
    );
  member
    .command('restore')
    .description('undo a retirement')
    .argument('<code>')
    .addOption(dataOption())
    .action((code: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => `member ${(await restoreMember(handle.db, null, code)).code} restored`),
      ),
    );
  member
    .command('history')
    .description("a member's changes, memberships and chair terms, with earlier values")
    .argument('<code>')
    .addOption(dataOption())
    .action((code: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => historyLines(await memberHistory(handle.db, null, code))),
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
    .command('edit')
    .description('rename a group in one or more languages')
    .argument('<slug>')
    .option('--ar <name>')
    .option('--fr <name>')
    .option('--en <name>')
    .addOption(dataOption())
    .action((slug: string, o: { ar?: string; fr?: string; en?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const g = await updateGroup(handle.db, null, slug, { names: someNames(o) });
          return `group ${g.slug}: ${g.name_en} | ${g.name_fr} | ${g.name_ar}`;
        }),
      ),
    );
  group
    .command('close')
    .description('close a group: its chair terms end, it takes no new record')
    .argument('<slug>')
    .option('--on <date>', 'YYYY-MM-DD (default today)')
    .addOption(dataOption())
    .action((slug: string, o: { on?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const g = await closeGroup(handle.db, null, slug, { on: o.on });
          return `group ${g.slug} closed on ${g.closed_on}`;
        }),
      ),
    );
  group
    .command('reopen')
    .description("undo a group's closing")
    .argument('<slug>')
    .addOption(dataOption())
    .action((slug: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => `group ${(await reopenGroup(handle.db, null, slug)).slug} reopened`),
      ),
    );
  group
    .command('history')
    .description("a group's changes, memberships and chair terms, with earlier values")
    .argument('<slug>')
    .addOption(dataOption())
    .action((slug: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => historyLines(await groupHistory(handle.db, null, slug))),
      ),
    );
  group
    .command('terms')
    .description("a group's chair terms, with the ids the term commands take")
    .argument('<slug>')
    .addOption(dataOption())
    .action((slug: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const g = (await groupsOverview(handle.db)).find((x) => x.slug === slug);
          if (!g) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
          return (
            g.chairTerms
              .map((t) => `${t.id} ${t.member.padEnd(6)} ${t.from} → ${t.to ?? 'open'}`)
              .join('\n') || 'no chair terms'
          );
        }),
      ),
    );
  group
    .command('term-correct')
    .description("correct a chair term's dates")
    .argument('<slug>')
    .argument('<id>')
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .option('--open', 'the term has no end')
    .addOption(dataOption())
    .action(
      (
        slug: string,
        id: string,
        o: { from?: string; to?: string; open?: boolean; data?: string },
      ) =>
        withDb(o, (handle) =>
          run(async () => {
            const t = await correctChairTerm(handle.db, null, slug, id, {
              ...(o.from ? { from: o.from } : {}),
              ...(o.open ? { to: null } : o.to ? { to: o.to } : {}),
            });
            return `${t.member} co-chairs ${slug} from ${t.from}${t.to ? ` to ${t.to}` : ''}`;
          }),
        ),
    );
  group
    .command('term-end')
    .description('end a chair term early')
    .argument('<slug>')
    .argument('<id>')
    .option('--on <date>', 'YYYY-MM-DD (default today)')
    .addOption(dataOption())
    .action((slug: string, id: string, o: { on?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const t = await endChairTerm(handle.db, null, slug, id, { on: o.on });
          return `${t.member}'s term of ${slug} from ${t.from} now ends on ${t.to}`;
        }),
      ),
    );
  group
    .command('term-withdraw')
    .description('withdraw a chair term recorded by mistake (its history stays)')
    .argument('<slug>')
    .argument('<id>')
    .addOption(dataOption())
    .action((slug: string, id: string, o: { data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          await withdrawChairTerm(handle.db, null, slug, id);
          return `term ${id} of ${slug} withdrawn`;
        }),
      ),
    );
  group
    .command('chair-end')
    .description(
      "end a member's co-chairmanship: its running terms end, those not begun are withdrawn",
    )
    .argument('<slug>')
    .argument('<code>')
    .option('--on <date>', 'YYYY-MM-DD (default today)')
    .addOption(dataOption())
    .action((slug: string, code: string, o: { on?: string; data?: string }) =>
      withDb(o, (handle) =>
        run(async () => {
          const n = await endCoChairmanship(handle.db, null, slug, code, { on: o.on });
          return `${code.toUpperCase()} no longer co-chairs ${slug} (${n} term${n === 1 ? '' : 's'} ended)`;
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
                `${g.slug}: ${g.names.en}${g.closed_on ? ` (closed ${g.closed_on})` : ''}\n  members: ${g.members.join(', ')}\n  observers: ${g.observers.join(', ') || '—'}\n  co-chairs: ${g.chairs.join(', ') || '—'}`,
            )
            .join('\n'),
        ),
      ),
    );
}
