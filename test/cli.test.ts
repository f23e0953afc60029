import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/tansiq.js');

async function tansiq(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The `tansiq` command as an operator uses it, on SQLite (the store tests cover PostgreSQL). */
describe('tansiq CLI', () => {
  let data: string;
  beforeAll(async () => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-cli-'));
    const demo = await tansiq(['demo', '--data', data], {
      TANSIQ_DEMO_PASSWORD: 'exercise-password-1',
    });
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('analyst-ma');
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('imports a bundle with a summary, exports what the user may see, and creates tokens', async () => {
    const file = path.join(FIXTURES, 'stix/cti-stix2-json-schemas/examples/poisonivy.json');
    const imported = await tansiq([
      'import',
      file,
      '--as',
      'analyst-ma',
      '--audience',
      'group:africa-focus-group',
      '--tlp',
      'green',
      '--data',
      data,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const total = (JSON.parse(fs.readFileSync(file, 'utf8')) as { objects: unknown[] }).objects
      .length;
    expect(imported.stdout).toContain(`${total} stored, 0 already present, 0 rejected`);
    const again = await tansiq([
      'import',
      file,
      '--as',
      'analyst-ma',
      '--audience',
      'group:africa-focus-group',
      '--data',
      data,
    ]);
    expect(again.stdout).toContain(`0 stored, ${total} already present`);

    const out = path.join(data, 'ne.json');
    expect(
      (
        await tansiq([
          'export',
          '--as',
          'analyst-ne',
          '--type',
          'malware,campaign',
          '--out',
          out,
          '--data',
          data,
        ])
      ).code,
    ).toBe(0);
    const bundle = JSON.parse(fs.readFileSync(out, 'utf8')) as { objects: { type: string }[] };
    expect(bundle.objects.length).toBeGreaterThan(0);
    expect(new Set(bundle.objects.map((o) => o.type))).toEqual(new Set(['malware', 'campaign']));
    const fr = JSON.parse(
      (await tansiq(['export', '--as', 'analyst-fr', '--type', 'malware', '--data', data])).stdout,
    ) as { objects: unknown[] };
    expect(fr.objects).toHaveLength(0);

    const token = await tansiq([
      'token',
      'create',
      '--user',
      'analyst-ne',
      '--scope',
      'read',
      '--data',
      data,
    ]);
    expect(token.stdout.trim()).toMatch(/^tsq_[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a forbidden TLP/audience import with the rule and a non-zero exit', async () => {
    const file = path.join(
      FIXTURES,
      'stix/cti-stix2-json-schemas/examples/indicator-for-c2-ip-address.json',
    );
    const res = await tansiq([
      'import',
      file,
      '--as',
      'analyst-ma',
      '--audience',
      'coalition',
      '--tlp',
      'red',
      '--data',
      data,
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('TLP:RED needs an explicit list of recipient members');
  });

  it('adds users and verifies the audit log, naming the first bad entry after tampering', async () => {
    const add = await tansiq(
      [
        'user',
        'add',
        '--username',
        'analyst2-ma',
        '--member',
        'MA',
        '--role',
        'reader',
        '--data',
        data,
      ],
      { TANSIQ_PASSWORD: 'a-long-password-1' },
    );
    expect(add.code, add.stderr).toBe(0);
    const ok = await tansiq(['audit', 'verify', '--data', data]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const db = new Database(path.join(data, 'tansiq.sqlite'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    db.close();
    const bad = await tansiq(['audit', 'verify', '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BROKEN at entry 2');
  });

  it('shapes the coalition: members, groups, memberships and chair terms', async () => {
    const add = await tansiq([
      'member',
      'add',
      '--code',
      'SN',
      '--iso2',
      'SN',
      '--ar',
      'السنغال',
      '--fr',
      'Sénégal',
      '--en',
      'Senegal',
      '--data',
      data,
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(
      (
        await tansiq([
          'member',
          'add',
          '--code',
          'SN',
          '--ar',
          'x',
          '--fr',
          'x',
          '--en',
          'x',
          '--data',
          data,
        ])
      ).stderr,
    ).toContain('code: member SN exists');
    expect((await tansiq(['group', 'join', 'africa-focus-group', 'sn', '--data', data])).code).toBe(
      0,
    );
    expect(
      (
        await tansiq([
          'group',
          'chair',
          'africa-focus-group',
          'SN',
          '--from',
          '2030-01-01',
          '--data',
          data,
        ])
      ).code,
    ).toBe(0);
    const list = await tansiq(['group', 'list', '--date', '2030-06-01', '--data', data]);
    expect(list.stdout).toContain('co-chairs: IT, MA, SA, SN, US');
    expect((await tansiq(['member', 'list', '--data', data])).stdout).toMatch(
      /SN\s+state\s+Senegal \| Sénégal \| السنغال/,
    );
  });

  it('corrects the coalition: edits, retires and restores, ends terms, and shows the history', async () => {
    const cmd = async (...args: string[]) => {
      const res = await tansiq([...args, '--data', data]);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
      return res.stdout;
    };
    expect(await cmd('member', 'edit', 'NE', '--ar', 'جمهورية النيجر')).toContain(
      'Niger | Niger | جمهورية النيجر',
    );
    const history = await cmd('member', 'history', 'NE');
    expect(history.split('\n')[0]).toMatch(/ cli member\.update$/);
    expect(history).toContain('names.ar: النيجر → جمهورية النيجر');

    // Niger co-chairs again from 2024; ending its co-chairmanship ends that term.
    await cmd('group', 'chair', 'africa-focus-group', 'NE', '--from', '2024-01-01');
    expect(
      await cmd('group', 'chair-end', 'africa-focus-group', 'NE', '--on', '2025-01-01'),
    ).toContain('NE no longer co-chairs africa-focus-group (1 term ended)');
    const terms = await cmd('group', 'terms', 'africa-focus-group');
    expect(terms).toMatch(/NE\s+2024-01-01 → 2025-01-01/);
    const italy = /^(\S+) IT\s+2023-11-15 → open$/m.exec(terms)![1]!;
    expect(
      await cmd('group', 'term-end', 'africa-focus-group', italy, '--on', '2024-06-01'),
    ).toContain('now ends on 2024-06-01');
    expect(await cmd('group', 'term-correct', 'africa-focus-group', italy, '--open')).toContain(
      'IT co-chairs africa-focus-group from 2023-11-15',
    );

    expect(await cmd('member', 'retire', 'KE')).toMatch(/member KE retired on \d{4}-\d{2}-\d{2}/);
    expect(await cmd('member', 'list')).toMatch(/KE\s+state\s+Kenya .*\(retired /);
    const again = await tansiq(['member', 'retire', 'KE', '--data', data]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('KE is retired since');
    expect(await cmd('member', 'restore', 'KE')).toContain('member KE restored');

    await cmd(
      'group',
      'add',
      '--slug',
      'sahel-cell',
      '--ar',
      'خلية',
      '--fr',
      'Cellule',
      '--en',
      'Cell',
    );
    expect(await cmd('group', 'edit', 'sahel-cell', '--en', 'Sahel cell')).toContain(
      'sahel-cell: Sahel cell | Cellule | خلية',
    );
    expect(await cmd('group', 'close', 'sahel-cell')).toMatch(/closed on \d{4}/);
    expect(await cmd('group', 'history', 'sahel-cell')).toMatch(
      /group\.close\n\s+closed_on: — → \d{4}-\d{2}-\d{2}[\s\S]*group\.update\n\s+names\.en: Cell → Sahel cell/,
    );
    expect(await cmd('group', 'reopen', 'sahel-cell')).toContain('reopened');
    // Each command starts a process: about twenty of them.
  }, 240_000);

  it('stops on a wrong configuration value, naming it', async () => {
    const res = await tansiq(['serve', '--data', data], { PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT: must be a whole number');
  });

  it('an empty installation says how to create its first admin', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tansiq-empty-'));
    const add = await tansiq(['user', 'add', '--admin', '--username', 'admin', '--data', empty], {
      TANSIQ_PASSWORD: 'a-long-password-1',
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('user admin (instance_admin) added');
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
