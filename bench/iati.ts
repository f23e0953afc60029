/**
 * Issue 10: import a donor's IATI activities file into the register through the code path of
 * `tansiq import-iati` and `POST /api/v1/projects/import` (read activity by activity, map DAC
 * sectors onto domains, write in transactions of 100 with their audit entries), then import the
 * same file again (nothing changes). The raw baseline, measured in the same run: fast-xml-parser
 * over the whole file and plain inserts of one row per activity into a bare SQLite table, same
 * durability. EXERCISE DATA: the activities are generated.
 *
 *   npm run bench:iati -- [--count 20000] [--no-postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { XMLParser } from 'fast-xml-parser';
import { installCapabilities } from '../src/capabilities.ts';
import { openAndMigrate, type DbHandle } from '../src/db/index.ts';
import { importIati } from '../src/coordination/projects.import.ts';
import { DEMO_GROUP, loadDemo } from '../src/demo/demo.ts';
import { memberById } from '../src/members/members.repository.ts';
import { userByUsername } from '../src/accounts/users.repository.ts';
import type { Actor } from '../src/policy/viewer.ts';
import { withPostgresSchema } from './postgres.ts';

installCapabilities();

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
if (!Number.isInteger(COUNT) || COUNT < 1) {
  process.stderr.write('--count takes a positive integer\n');
  process.exit(2);
}

const COUNTRIES = ['NE', 'NG', 'TD', 'CM', 'BF', 'ML', 'MR', 'KE', 'TG', 'GN'];
const SECTORS = ['15210', '15130', '15220', '15240', '24010', '15136', '22040', '21050', '11220'];

/** An activities file like a large publisher's: two languages, transactions, budgets, extensions. */
function generate(count: number): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" xmlns:x="http://example.org/ns/exercise">\n',
  ];
  for (let i = 0; i < count; i += 1) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const sector = SECTORS[i % SECTORS.length]!;
    const year = 2018 + (i % 8);
    parts.push(`<iati-activity default-currency="EUR" last-updated-datetime="2024-01-01T00:00:00Z">
 <iati-identifier>XM-DAC-6-4-BENCH-${i}</iati-identifier>
 <reporting-org ref="XM-DAC-6-4" type="10"><narrative>Exercise agency</narrative></reporting-org>
 <title><narrative>[EXERCISE] Activity ${i} in ${country}</narrative><narrative xml:lang="fr">[EXERCICE] Activité ${i}</narrative></title>
 <description type="1"><narrative>Generated for the benchmark; not real aid.</narrative></description>
 <participating-org ref="XM-DAC-6-4" role="1" type="10"><narrative>Exercise agency</narrative></participating-org>
 <participating-org role="4" type="22"><narrative>Implementer ${i % 37}</narrative></participating-org>
 <activity-status code="${1 + (i % 4)}"/>
 <activity-date iso-date="${year}-01-01" type="2"/>
 <activity-date iso-date="${year + 3}-12-31" type="3"/>
 <recipient-country code="${country}"/>
 <sector vocabulary="1" code="${sector}"/>
 <budget type="1" status="2"><period-start iso-date="${year}-01-01"/><period-end iso-date="${year}-12-31"/><value value-date="${year}-01-01">${100000 + i}</value></budget>
 <transaction><transaction-type code="2"/><transaction-date iso-date="${year}-01-01"/><value value-date="${year}-01-01">${100000 + i}</value></transaction>
 <x:internal-code>${i}</x:internal-code>
</iati-activity>
`);
  }
  parts.push('</iati-activities>\n');
  return parts.join('');
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** The floor: one parse of the whole file and one plain row per activity, same pragmas. */
function baseline(xml: string, dir: string): number {
  const started = process.hrtime.bigint();
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(
    xml,
  ) as {
    'iati-activities': { 'iati-activity': { 'iati-identifier': string }[] };
  };
  const db = new SQLite(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE raw (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO raw (id, body) VALUES (?, ?)');
  const activities = parsed['iati-activities']['iati-activity'];
  const all = db.transaction((rows: typeof activities) => {
    for (const a of rows) insert.run(a['iati-identifier'], JSON.stringify(a));
  });
  for (let i = 0; i < activities.length; i += 100) all(activities.slice(i, i + 100));
  db.close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function actorOf(handle: DbHandle): Promise<Actor> {
  const user = (await userByUsername(handle.db, 'analyst-it'))!;
  const member = (await memberById(handle.db, user.member_id))!;
  return {
    userId: user.id,
    username: user.username,
    memberId: member.id,
    memberCode: member.code,
    role: user.role,
    via: 'cli',
  };
}

async function tansiq(handle: DbHandle, xml: string): Promise<{ first: number; again: number }> {
  await loadDemo(handle.db, 'exercise-password-1');
  const actor = await actorOf(handle);
  const sharing = { audience: `group:${DEMO_GROUP}`, tlp: 'green' as const };
  let started = process.hrtime.bigint();
  const first = await importIati(handle.db, actor, xml, sharing);
  const firstSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (first.created !== COUNT) throw new Error(`created ${first.created} of ${COUNT}`);
  started = process.hrtime.bigint();
  const again = await importIati(handle.db, actor, xml, sharing);
  if (again.unchanged !== COUNT) throw new Error(`unchanged ${again.unchanged} of ${COUNT}`);
  return { first: firstSeconds, again: Number(process.hrtime.bigint() - started) / 1e9 };
}

const xml = generate(COUNT);
process.stdout.write(
  `IATI import: ${COUNT} generated activities (exercise data), ${(xml.length / 1e6).toFixed(1)} MB\n`,
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-bench-iati-'));
try {
  const rows: [string, number][] = [];
  const sqlite = await openAndMigrate({ databaseUrl: null, dataDir: path.join(dir, 'tansiq') });
  try {
    const s = await tansiq(sqlite, xml);
    rows.push(['Tansiq import, SQLite', s.first], ['same file again (unchanged), SQLite', s.again]);
  } finally {
    await sqlite.close();
  }
  // Measured before the baseline, which parses the whole file into one tree.
  const tansiqRss = peakRssMb();
  if (!args['no-postgres']) {
    const p = await withPostgresSchema((handle) => tansiq(handle, xml));
    rows.push(
      ['Tansiq import, PostgreSQL', p.first],
      ['same file again (unchanged), PostgreSQL', p.again],
    );
  }
  const raw = baseline(xml, dir);
  rows.unshift(['raw baseline (SQLite)', raw]);
  const rate = (seconds: number) => Math.round(COUNT / seconds);
  process.stdout.write('\n| | activities/s | ratio to baseline |\n|---|---|---|\n');
  for (const [label, seconds] of rows)
    process.stdout.write(
      `| ${label} | ${rate(seconds).toLocaleString('en')} | ${(raw / seconds).toFixed(2)} |\n`,
    );
  process.stdout.write(
    `\npeak RSS ${Math.round(tansiqRss)} MB through the SQLite imports, ${Math.round(peakRssMb())} MB at the end\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
