/**
 * Issue 11, "Quality, measured honestly": precision and recall of article extraction per kind
 * (countries, places, people, groups, dates, casualty figures) over the articles in a folder, each
 * `NAME.txt` with the entities a reader wrote down in `NAME.expected.json`; and the speed of the
 * whole path (clean, detect the language, extract) on articles of 5 KB, one core, beside a raw
 * baseline measured in the same run (tokenising the same text and looking every word up in a set).
 * Target: at least 50 articles of 5 KB per second.
 *
 *   npm run bench:ingest-quality -- [--dir test/fixtures/articles] [--articles 500] [--verbose]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readArticle } from '../src/ingest/article.ts';
import { lexicon } from '../src/ingest/lexicon/index.ts';
import {
  add,
  KINDS,
  precision,
  recall,
  score,
  type Expected,
  type Kind,
  type Tally,
} from '../src/ingest/score.ts';
import { tokenise } from '../src/ingest/text.ts';

const { values: args } = parseArgs({
  options: {
    dir: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '../test/fixtures/articles'),
    },
    articles: { type: 'string', default: '500' },
    verbose: { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.articles);
if (!Number.isInteger(COUNT) || COUNT < 1) {
  process.stderr.write('--articles takes a positive integer\n');
  process.exit(2);
}

const files = fs
  .readdirSync(args.dir)
  .filter(
    (f) =>
      f.endsWith('.txt') &&
      fs.existsSync(path.join(args.dir, f.replace(/\.txt$/, '.expected.json'))),
  )
  .sort();
if (files.length === 0) {
  process.stderr.write(`${args.dir}: no NAME.txt with NAME.expected.json\n`);
  process.exit(2);
}

// Quality
const t0 = performance.now();
lexicon();
const buildMs = performance.now() - t0;
const totals = Object.fromEntries(
  KINDS.map((k) => [k, { tp: 0, extracted: 0, expected: 0, missed: [], spurious: [] } as Tally]),
) as Record<Kind, Tally>;
const texts: string[] = [];
for (const file of files) {
  const content = fs.readFileSync(path.join(args.dir, file), 'utf8');
  const expected = JSON.parse(
    fs.readFileSync(path.join(args.dir, file.replace(/\.txt$/, '.expected.json')), 'utf8'),
  ) as Expected;
  const x = readArticle(content, { published: expected.published });
  texts.push(x.text);
  const s = score(x, expected);
  for (const k of KINDS) {
    totals[k] = add(totals[k], {
      ...s[k],
      missed: s[k].missed.map((m) => `${file}: ${m}`),
      spurious: s[k].spurious.map((m) => `${file}: ${m}`),
    });
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(`Extraction quality over ${files.length} articles (${args.dir})\n\n`);
process.stdout.write(
  `${pad('kind', 12)}${pad('expected', 10)}${pad('found', 8)}${pad('correct', 9)}${pad('precision', 11)}recall\n`,
);
for (const k of KINDS) {
  const t = totals[k];
  process.stdout.write(
    `${pad(k, 12)}${pad(String(t.expected), 10)}${pad(String(t.extracted), 8)}${pad(String(t.tp), 9)}${pad(pct(precision(t)), 11)}${pct(recall(t))}\n`,
  );
}
if (args.verbose) {
  for (const k of KINDS) {
    for (const m of totals[k].missed) process.stdout.write(`  missed   ${k}: ${m}\n`);
    for (const m of totals[k].spurious) process.stdout.write(`  spurious ${k}: ${m}\n`);
  }
}

// Speed: articles of 5 KB made of the fixtures' own paragraphs, each one different.
const paragraphs = texts.flatMap((t) => t.split('\n').filter((p) => p.trim().length > 40));
const articles: string[] = [];
for (let a = 0; articles.length < COUNT; a += 1) {
  const parts: string[] = [];
  let size = 0;
  // Articles stay in one language, as real ones do: paragraphs of one fixture after another of the same script.
  const arabic = a % 2 === 0;
  const pool = paragraphs.filter((p) => /[\u0600-\u06FF]/.test(p) === arabic);
  for (let k = a; size < 5 * 1024; k += 7) {
    const p = pool[k % pool.length]!;
    parts.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  articles.push(parts.join('\n'));
}
const bytes = articles.reduce((n, t) => n + Buffer.byteLength(t), 0);

function timed(run: (text: string) => void): number {
  for (const t of articles.slice(0, 20)) run(t); // warm-up
  const start = performance.now();
  for (const t of articles) run(t);
  return (performance.now() - start) / 1000;
}

const words = new Set(['the', 'de', 'في', 'مالي', 'niger']);
let sink = 0;
const baseline = timed((t) => {
  for (const tok of tokenise(t)) if (words.has(tok.norm)) sink += 1;
});
const full = timed((t) => {
  sink += readArticle(t, { published: '2024-10-01' }).people.length;
});
const html = timed((t) => {
  const page = `<!doctype html><html lang="x"><head><title>t</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>${t
    .split('\n')
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join(
      '',
    )}<p>Share this article</p></article><footer>This website uses cookies. Accept</footer></body></html>`;
  sink += readArticle(page, { published: '2024-10-01' }).places.length;
});

const rate = (s: number) => COUNT / s;
process.stdout.write(
  `\nSpeed on one core: ${COUNT} articles of about ${Math.round(bytes / COUNT / 1024)} KB (${(bytes / 1024 / 1024).toFixed(1)} MB), dictionaries built once in ${buildMs.toFixed(0)} ms\n\n`,
);
process.stdout.write(`${pad('', 44)}${pad('articles/s', 12)}ratio to baseline\n`);
process.stdout.write(
  `${pad('raw baseline (tokenise + set look-up)', 44)}${pad(rate(baseline).toFixed(0), 12)}1.00\n`,
);
process.stdout.write(
  `${pad('text: clean, detect, extract', 44)}${pad(rate(full).toFixed(0), 12)}${(baseline / full).toFixed(2)}\n`,
);
process.stdout.write(
  `${pad('HTML: Readability, clean, detect, extract', 44)}${pad(rate(html).toFixed(0), 12)}${(baseline / html).toFixed(2)}\n`,
);
process.stdout.write(
  `\nTarget ≥ 50 articles/s: ${rate(full) >= 50 && rate(html) >= 50 ? 'met' : 'NOT met'}\n`,
);
if (sink < 0) process.stdout.write('');
