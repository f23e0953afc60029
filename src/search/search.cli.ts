import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { dataOption, fail, type CliKit } from '../cli/kit.ts';
import { AppError } from '../errors.ts';
import type { SearchPage, SearchQuery } from '../../contract/search.ts';
import { indexAll, reindexAll, searchStatus } from './search.index.ts';
import { search } from './search.service.ts';

function print(page: SearchPage, json: boolean): string {
  if (json) return JSON.stringify(page, null, 2);
  const lines = page.items.map((item) => {
    const snippet = item.snippet
      ? `\n    ${item.snippet.parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('')}`
      : '';
    return `${item.type.padEnd(14)} ${item.tlp.padEnd(13)} ${item.owner.padEnd(6)} ${item.date.slice(0, 10)}  ${item.name}\n    ${item.id}${snippet}`;
  });
  const facets = page.facets
    ? Object.entries(page.facets)
        .map(
          ([f, counts]) => `${f}: ${counts.map((c) => `${c.value} ${c.count}`).join(', ') || '—'}`,
        )
        .join('\n')
    : '';
  return [
    `${page.total ?? page.items.length} result(s)`,
    ...lines,
    ...(page.next ? [`more: --cursor ${page.next}`] : []),
    facets,
  ]
    .filter(Boolean)
    .join('\n');
}

/** `tansiq search` (what a user may find) and `tansiq search-index status|run|rebuild`. */
export function registerSearchCommands(program: Command, { withDb, actorFor }: CliKit): void {
  program
    .command('search <words...>')
    .description('search what a user may read, in Arabic, French and English (the API’s rules)')
    .requiredOption('--as <username>', 'search with this user’s rights')
    .option('--type <types>', 'STIX types, comma-separated')
    .option('--tlp <levels>', 'TLP levels, comma-separated')
    .option('--owner <codes>', 'owner member codes, comma-separated')
    .option('--from <date>', 'dated on or after (YYYY-MM-DD)')
    .option('--to <date>', 'dated on or before (YYYY-MM-DD)')
    .option('--limit <n>', 'results per page (1–100)', '20')
    .option('--cursor <cursor>', 'the next page, as printed')
    .addOption(new Option('--lang <lang>', 'language of names').choices(['ar', 'fr', 'en']))
    .option('--json', 'print the API’s JSON answer')
    .addOption(dataOption())
    .action(
      (
        words: string[],
        o: Omit<SearchQuery, 'q' | 'limit'> & {
          as: string;
          limit: string;
          json?: boolean;
          data?: string;
        },
      ) =>
        withDb(o, async (handle) => {
          const limit = Number(o.limit);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100) fail('--limit: 1 to 100');
          const actor = await actorFor(handle.db, o.as);
          await indexAll(handle.db);
          try {
            const page = await search(handle.db, actor, {
              q: words.join(' '),
              limit,
              ...(o.type ? { type: o.type } : {}),
              ...(o.tlp ? { tlp: o.tlp } : {}),
              ...(o.owner ? { owner: o.owner } : {}),
              ...(o.from ? { from: o.from } : {}),
              ...(o.to ? { to: o.to } : {}),
              ...(o.cursor ? { cursor: o.cursor } : {}),
              ...(o.lang ? { lang: o.lang } : {}),
            });
            process.stdout.write(`${print(page, !!o.json)}\n`);
          } catch (e) {
            if (e instanceof AppError) fail(e.message);
            throw e;
          }
        }),
    );

  const index = program
    .command('search-index')
    .description('the search index: what it holds, catching up, rebuilding');
  index
    .command('status')
    .description('documents by kind, versions waiting to be indexed, rules in force')
    .addOption(dataOption())
    .action((o: { data?: string }) =>
      withDb(o, async (handle) => {
        const s = await searchStatus(handle.db);
        const kinds = s.documents.map((d) => `  ${d.kind}: ${d.n}`).join('\n') || '  (none)';
        process.stdout.write(
          `documents:\n${kinds}\nwaiting to be indexed: ${s.queued} version(s)\nrules: ${s.rules || '(not built yet)'} (current ${s.current})\n`,
        );
      }),
    );
  for (const [name, description, again] of [
    ['run', 'index what is waiting now (a server does it in the background)', false],
    ['rebuild', 'index every stored version and every other record again', true],
  ] as const) {
    index
      .command(name)
      .description(description)
      .addOption(dataOption())
      .action((o: { data?: string }) =>
        withDb(o, async (handle) => {
          if (again) await reindexAll(handle.db);
          const { queued } = await searchStatus(handle.db);
          const bar = new cliProgress.SingleBar(
            {
              format: 'indexing [{bar}] {value}/{total} versions  {eta_formatted} left',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(queued, 0);
          const done = await indexAll(handle.db, (n) => bar.update(Math.min(n, queued)));
          bar.update(queued);
          bar.stop();
          process.stdout.write(`indexed ${done} version(s)\n`);
        }),
      );
  }
}
