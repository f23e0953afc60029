import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Extraction } from '../../contract/ingest.ts';
import { fail } from '../cli/kit.ts';
import { ArticleError } from './article.errors.ts';

/**
 * `tansiq ingest FILE… [--published YYYY-MM-DD] [--format json]`: reads articles (text or saved
 * HTML) and prints what they say — no database needed, so an analyst can try it anywhere.
 */
export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description(
      'read news articles (text or HTML, Arabic, French or English) and print their people, groups, places, dates, casualties and incidents',
    )
    .argument('<files...>', 'article files (.txt or saved .html)')
    .option(
      '--published <date>',
      'publication date (YYYY-MM-DD), to resolve "yesterday", "Wednesday"…',
    )
    .option('--format <format>', 'text (default) or json', 'text')
    .action(async (files: string[], opts: { published?: string; format: string }) => {
      // The reader (n-grams, gazetteer, lexicons) loads only for this command.
      const { readArticle } = await import('./article.ts');
      if (opts.published && !/^\d{4}-\d{2}-\d{2}$/.test(opts.published))
        fail('--published: use YYYY-MM-DD', 2);
      if (opts.format !== 'text' && opts.format !== 'json') fail('--format: use text or json', 2);
      const bar =
        files.length > 1 && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { format: 'reading [{bar}] {value}/{total} articles', stream: process.stderr },
              cliProgress.Presets.shades_classic,
            )
          : null;
      bar?.start(files.length, 0);
      const results: Extraction[] = [];
      let failed = 0;
      for (const file of files) {
        let content: string;
        try {
          content = fs.readFileSync(file, 'utf8');
        } catch (e) {
          fail(`${file}: ${(e as Error).message}`, 2);
        }
        try {
          results.push(readArticle(content, opts.published ? { published: opts.published } : {}));
        } catch (e) {
          if (!(e instanceof ArticleError)) throw e;
          bar?.stop();
          process.stderr.write(`tansiq: ${file}: ${e.message} (${e.code})\n`);
          failed += 1;
        }
        bar?.increment();
      }
      bar?.stop();
      if (opts.format === 'json') {
        process.stdout.write(
          `${JSON.stringify(files.length === 1 ? (results[0] ?? null) : results, null, 2)}\n`,
        );
      } else {
        process.stdout.write(results.map(describe).join('\n\n'));
        if (results.length) process.stdout.write('\n');
      }
      if (failed > 0) process.exitCode = 2;
    });
}

const countryName = new Intl.DisplayNames(['en'], { type: 'region' });

function describe(x: Extraction): string {
  const lines: string[] = [];
  const at = (offsets: { start: number }[]) => `@${offsets.map((o) => o.start).join(',')}`;
  lines.push(
    `language: ${x.language}   published: ${x.published ?? 'unknown'}${x.source ? `   source: ${x.source}` : ''}`,
  );
  if (x.title) lines.push(`title: ${x.title}`);
  lines.push(`text: ${x.text.length} characters`);
  const section = (name: string, items: string[]) => {
    lines.push(`${name} (${items.length})`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section(
    'countries',
    x.countries.map((c) => `${c}  ${countryName.of(c)}  ${at(x.country_offsets[c] ?? [])}`),
  );
  section(
    'people',
    x.people.map((p) => `${p.name}${p.role ? ` — ${p.role}` : ''}  ${at(p.offsets)}`),
  );
  section(
    'organisations',
    x.organizations.map((o) => `${o.name}  ${at(o.offsets)}`),
  );
  section(
    'armed groups',
    x.groups.map((g) => `${g.name}${g.ref ? `  [${g.ref}]` : ''}  ${at(g.offsets)}`),
  );
  section(
    'places',
    x.places.map(
      (p) =>
        `${p.text} → ${p.name} (${[p.kind, p.admin1, p.country ?? p.countries?.join('/')].filter(Boolean).join(', ')})  ${at(p.offsets)}`,
    ),
  );
  section(
    'dates',
    x.dates.map(
      (d) => `${d.text} → ${d.date ?? '(no publication date to resolve it)'}  ${at(d.offsets)}`,
    ),
  );
  section(
    'figures',
    x.figures.map((f) => `${f.count} ${f.what}: ${f.text}`),
  );
  section(
    'incidents',
    x.incidents.map((i, n) => {
      const facts = [
        i.date ?? 'date ?',
        [i.location, i.admin1, i.country].filter(Boolean).join(', ') || 'place ?',
        i.event_type,
        i.fatalities ? `killed ${i.fatalities}` : '',
        i.wounded ? `wounded ${i.wounded}` : '',
        i.kidnapped ? `kidnapped ${i.kidnapped}` : '',
        i.groups.length ? `by ${i.groups.join(', ')}` : '',
      ].filter(Boolean);
      return `${n + 1}. ${facts.join(' · ')}`;
    }),
  );
  return lines.join('\n');
}
