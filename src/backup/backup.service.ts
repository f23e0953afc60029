import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { appendAudit } from '../audit/audit.repository.ts';
import { sqliteConnection, type Db, type DbHandle, type Dialect } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { isSealed } from '../secrets/keyring.ts';
import { ArchiveWriter, ARCHIVE_FORMAT, type ArchiveKey, type ArchiveTrailer } from './archive.ts';
import {
  countRows,
  foreignKeys,
  isCarried,
  migrationLevel,
  tableNames,
  tableRows,
  tableShape,
} from './tables.repository.ts';

export interface Progress {
  phase: 'snapshot' | 'export' | 'check' | 'load' | 'index';
  done: number;
  total: number;
}

export interface BackupOptions {
  /** Authenticates the archive (the installation's key), when configured. */
  key: ArchiveKey | null;
  progress?: (p: Progress) => void;
  /** SQLite: pages one step of the online backup copies at first (it grows when writers restart it). */
  pagesPerStep?: number;
}

export interface BackupResult {
  engine: Dialect;
  migrations: string[];
  rows: number;
  tables: number;
  /** Size of the archive (compressed) and of the data it holds (uncompressed JSON lines). */
  bytes: number;
  rawBytes: number;
  ms: number;
  /** SQLite: how often writers restarted the online backup before it went through. */
  restarts: number;
  trailer: ArchiveTrailer;
}

/** Orders tables so each comes after the tables its foreign keys point at (restore inserts in this order). */
export function parentsFirst(tables: string[], keys: [string, string][]): string[] {
  const wanted = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const [child, parent] of keys)
    if (child !== parent && wanted.has(child) && wanted.has(parent))
      parents.get(child)!.add(parent);
  const ordered: string[] = [];
  const left = [...tables].sort();
  while (left.length > 0) {
    const i = left.findIndex((t) => [...parents.get(t)!].every((p) => ordered.includes(p)));
    if (i < 0) throw new Error(`foreign keys form a cycle among ${left.join(', ')}`);
    ordered.push(left.splice(i, 1)[0]!);
  }
  return ordered;
}

/**
 * Writes every carried table of a consistent database into the archive: `db` is a snapshot (SQLite)
 * or runs inside one REPEATABLE READ transaction (PostgreSQL), so all tables show one moment.
 */
async function exportTables(
  db: Db,
  dialect: Dialect,
  writer: ArchiveWriter,
  progress: BackupOptions['progress'],
): Promise<{ trailer: ArchiveTrailer; migrations: string[]; rows: number; tables: number }> {
  const migrations = await migrationLevel(db, dialect);
  const names = (await tableNames(db, dialect)).filter(isCarried);
  const order = parentsFirst(names, await foreignKeys(db, dialect));
  let total = 0;
  for (const t of order) total += await countRows(db, t);
  await writer.header({
    tansiq_backup: ARCHIVE_FORMAT,
    engine: dialect,
    created_at: new Date().toISOString(),
    migrations,
    tables: order,
  });
  const counted: Record<string, number> = {};
  const sealedWith = new Set<string>();
  let done = 0;
  progress?.({ phase: 'export', done, total });
  for (const name of order) {
    const shape = await tableShape(db, dialect, name);
    await writer.table({ table: name, columns: shape.columns, types: shape.types });
    counted[name] = 0;
    for await (const page of tableRows(db, dialect, shape)) {
      for (const row of page) {
        for (const v of row)
          if (typeof v === 'string' && isSealed(v)) sealedWith.add(v.split(':')[1] ?? '');
        await writer.row(row);
      }
      counted[name] += page.length;
      done += page.length;
      progress?.({ phase: 'export', done, total: Math.max(total, done) });
      // The export runs beside a server in the same process (tests, an embedding): let it answer.
      await nextTurn();
    }
  }
  const trailer = await writer.finish({ rows: counted, sealed_with: [...sealedWith].sort() });
  return { trailer, migrations, rows: done, tables: order.length };
}

/**
 * SQLite's online backup API copies the live database page by page into a snapshot file without
 * stopping writers (WAL: readers never block them). A write by another connection restarts the
 * copy, so each restart makes the steps larger: the copy always ends, at worst in one step.
 */
async function sqliteSnapshot(
  handle: DbHandle,
  file: string,
  options: BackupOptions,
): Promise<number> {
  const live = sqliteConnection(handle.db);
  if (!live) throw new Error('no SQLite connection under this database');
  let step = options.pagesPerStep ?? 4096;
  let last = Infinity;
  let restarts = 0;
  await live.backup(file, {
    progress({ totalPages, remainingPages }) {
      if (remainingPages > last) {
        restarts += 1;
        step = Math.min(step * 4, 0x7fffffff);
      }
      last = remainingPages;
      options.progress?.({
        phase: 'snapshot',
        done: totalPages - remainingPages,
        total: totalPages,
      });
      return step;
    },
  });
  return restarts;
}

function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    fs.rmSync(f, { force: true });
}

/**
 * `tansiq backup`: records the backup in the audit log, takes a consistent snapshot of the running
 * database and streams it as an archive (archive.ts) to `out`. Files attached to objects live in
 * the database, so they come along; sealed secrets stay sealed (the key is never written).
 */
export async function createBackup(
  handle: DbHandle,
  out: { stream: Writable; tmpDir?: string },
  options: BackupOptions,
): Promise<BackupResult> {
  const started = Date.now();
  await handle.db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: 'system',
        member: null,
        action: 'instance.backup',
        subject: null,
        detail: { engine: handle.dialect },
      },
    ]),
  );
  const writer = new ArchiveWriter(out.stream, options.key);
  let result: Awaited<ReturnType<typeof exportTables>>;
  let restarts = 0;
  if (handle.dialect === 'sqlite') {
    const dir = out.tmpDir ?? os.tmpdir();
    const snapshot = path.join(dir, `.tansiq-snapshot-${randomBytes(6).toString('hex')}.sqlite`);
    try {
      restarts = await sqliteSnapshot(handle, snapshot, options);
      const db = new Kysely<Database>({
        dialect: new SqliteDialect({ database: new SQLite(snapshot) }),
      });
      try {
        result = await exportTables(db, 'sqlite', writer, options.progress);
      } finally {
        await db.destroy();
      }
    } finally {
      removeSqliteFiles(snapshot);
    }
  } else {
    result = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => exportTables(trx, 'postgres', writer, options.progress));
  }
  return {
    engine: handle.dialect,
    migrations: result.migrations,
    rows: result.rows,
    tables: result.tables,
    bytes: writer.bytesOut,
    rawBytes: writer.bytesIn,
    ms: Date.now() - started,
    restarts,
    trailer: result.trailer,
  };
}
