import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/tansiq.js');
const IATI = path.join(FIXTURES, 'iati');

async function tansiq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', TANSIQ_DEMO_PASSWORD: 'exercise-password-1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The register's files at the command line, as an operator uses them (SQLite). */
describe('tansiq import-iati / export-iati / import-projects / export-projects', () => {
  let data: string;
  beforeAll(async () => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-coord-cli-'));
    expect((await tansiq(['demo', '--data', data])).code).toBe(0);
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('imports an IATI file with a progress bar and a summary; unreadable activities by identifier; again: unchanged', async () => {
    const file = path.join(IATI, 'publisher-variations.xml');
    const args = [
      'import-iati',
      file,
      '--as',
      'analyst-it',
      '--audience',
      'group:africa-focus-group',
      '--tlp',
      'green',
      '--data',
      data,
    ];
    const first = await tansiq(args);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('4 created, 0 updated, 0 unchanged, 2 unreadable');
    expect(first.stdout).toMatch(/line 106 XM-EXERCISE-BAD-003: not well-formed XML/);
    expect(first.stdout).toMatch(/line 109 XM-EXERCISE-NODATE-004: no start date/);
    expect(first.stderr).toMatch(/writing +\[.*\] 4\/4/);
    const second = await tansiq(args);
    expect(second.stdout).toContain('0 created, 0 updated, 4 unchanged, 2 unreadable');
    const example = await tansiq([
      'import-iati',
      path.join(IATI, 'activity-standard-example-annotated-2.03.xml'),
      '--as',
      'analyst-it',
      '--audience',
      'member',
      '--data',
      data,
    ]);
    expect(example.code, example.stderr).toBe(0);
    const bad = await tansiq([
      'import-iati',
      file,
      '--as',
      'analyst-it',
      '--audience',
      'group:nowhere',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/audience: no working group "nowhere"/);
  });

  it('exports what the user may see as IATI 2.03 that xmllint validates', async () => {
    const out = path.join(data, 'register.xml');
    const res = await tansiq(['export-iati', '--as', 'analyst-ne', '--out', out, '--data', data]);
    expect(res.code, res.stderr).toBe(0);
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml).toContain('<iati-identifier>XM-DAC-6-4-EXERCISE-001</iati-identifier>');
    // Italy's example import was for its member only: Niger does not export it.
    expect(xml).not.toContain('AA-AAA-123456789-ABC123');
    const lint = await run('xmllint', [
      '--noout',
      '--schema',
      path.join(IATI, 'iati-activities-schema.xsd'),
      out,
    ]).then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    );
    expect(lint).toBe('');
  });

  it('round-trips the register through CSV', async () => {
    const out = path.join(data, 'register.csv');
    expect(
      (await tansiq(['export-projects', '--as', 'analyst-us', '--out', out, '--data', data])).code,
    ).toBe(0);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\r\n');
    const own = [rows[0]!, ...rows.slice(1).filter((r) => r.includes(',US,demo,'))].join('\r\n');
    fs.writeFileSync(out, own);
    const res = await tansiq(['import-projects', out, '--as', 'analyst-us', '--data', data]);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`0 created, ${own.split('\r\n').length - 1} updated`));
    const broken = path.join(data, 'broken.csv');
    fs.writeFileSync(
      broken,
      'title_en,donors,countries,domains,starts_on,status\nOne,US,NE,border_security,2024-13-01,active\n',
    );
    const refused = await tansiq(['import-projects', broken, '--as', 'analyst-us', '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/line 2: starts_on: "2024-13-01" is not a date/);
  });
});
