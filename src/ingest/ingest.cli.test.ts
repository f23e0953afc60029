import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Extraction } from '../../contract/ingest.ts';
import { FIXTURES } from '../../test/helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/tansiq.js');
const SEED = path.join(
  FIXTURES,
  'articles',
  'ar_seed_morocco_cochairs_africa_focus_group_2021.txt',
);

async function tansiq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `tansiq ingest`, without any database, as an analyst tries it on a file. */
describe('tansiq ingest', () => {
  it('prints the extraction as JSON, relative dates resolved with --published', async () => {
    const res = await tansiq(['ingest', SEED, '--published', '2021-12-03', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const x = JSON.parse(res.stdout) as Extraction;
    expect(x.language).toBe('ar');
    expect(x.dates.find((d) => d.text === 'أمس الخميس')?.date).toBe('2021-12-02');
    expect(x.people.map((p) => p.name)).toEqual(
      expect.arrayContaining(['ناصر بوريطة', 'انطوني بلينكن']),
    );
  });

  it('prints a readable summary by default', async () => {
    const res = await tansiq(['ingest', SEED]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('language: ar');
    expect(res.stdout).toMatch(/MA {2}Morocco/);
    expect(res.stdout).toContain('أمس الخميس → (no publication date to resolve it)');
  });

  it('refuses empty, binary and unreadable files with exit code 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-ingest-'));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    fs.writeFileSync(
      path.join(dir, 'image.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    for (const [file, message] of [
      ['empty.txt', 'the article is empty'],
      ['image.png', 'not text'],
      ['missing.txt', 'no such file'],
    ] as const) {
      const res = await tansiq(['ingest', path.join(dir, file)]);
      expect(res.code, file).toBe(2);
      expect(res.stderr.toLowerCase()).toContain(message);
    }
    const bad = await tansiq(['ingest', SEED, '--published', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--published');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
