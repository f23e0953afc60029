import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { appendAudit } from '../audit/audit.repository.ts';
import { verifyAudit } from '../audit/audit.service.ts';
import { openDb, sqliteFile, type Db, type Dialect } from '../db/index.ts';
import { migrations } from '../db/migrations/index.ts';
import type { Database } from '../db/schema.ts';
import {
  checkArchive,
  readArchive,
  type ArchiveHeader,
  type ArchiveKey,
  type ArchiveTable,
  type ArchiveTrailer,
} from './archive.ts';
import type { Progress } from './backup.service.ts';
import {
  clearTable,
  contentCounts,
  dropSchemaContents,
  insertRows,
  tableNames,
  tableShape,
} from './tables.repository.ts';

/** A refused or failed restore, with a message for the operator; the target is left as it was. */
export class RestoreError extends Error {}

export interface RestoreTarget {
  /** postgres://… ; when absent, SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL schema to restore into (tests); the connection's default otherwise. */
  pgSchema?: string;
}

export interface RestoreOptions {
  /** Replace a target that holds data. */
  force?: boolean;
  /** Keys that may have written the archive (its MAC is checked when one matches). */
  keys: ArchiveKey[];
  progress?: (p: Progress) => void;
}

export interface RestoreResult {
  engine: Dialect;
  header: ArchiveHeader;
  trailer: ArchiveTrailer;
  rows: number;
  /** Whether the archive's MAC was checked (false: no MAC, or its key is not configured here). */
  macChecked: boolean;
  /** Migrations run after the archive's level. */
  migrated: string[];
  /** Keys that sealed secrets in the archive and are not configured here. */
  missingKeys: string[];
  auditEntries: number;
  ms: number;
}

/** What a database holds, for the refusal message. */
function describe(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t === 'audit_log' ? 'audit entries' : t}`)
    .join(', ');
}

function refuseNonEmpty(counts: Record<string, number>, where: string, force?: boolean): void {
  const held = describe(counts);
  if (held && !force)
    throw new RestoreError(`${where} is not empty (${held}): restore with --force to replace it`);
}

const BYTES_PER_INSERT = 4 * 1024 * 1024;
/** Below both engines' limits on bound parameters per statement (SQLite 32,766; PostgreSQL 65,535). */
const PARAMETERS_PER_INSERT = 30_000;

/**
 * Loads the archive's rows into a database at the archive's migration level. The tables come in
 * the order of their foreign keys; what the migrations seeded (singleton rows) is replaced. The
 * archive is read again here, checked again to its trailer, so a file changed since the check
 * makes the load fail before anything is committed.
 */
async function loadTables(
  db: Db,
  dialect: Dialect,
  file: string,
  header: ArchiveHeader,
  options: RestoreOptions,
  total: number,
): Promise<number> {
  for (const table of [...header.tables].reverse()) await clearTable(db, table);
  let table: ArchiveTable | null = null;
  let bytes: boolean[] = [];
  let batch: unknown[][] = [];
  let batchBytes = 0;
  let done = 0;
  const flush = async () => {
    if (!table || batch.length === 0) return;
    await insertRows(db, table.table, table.columns, batch);
    done += batch.length;
    options.progress?.({ phase: 'load', done, total });
    batch = [];
    batchBytes = 0;
  };
  const present = new Set(await tableNames(db, dialect));
  for await (const event of readArchive(file, { keys: options.keys })) {
    if (event.kind === 'table') {
      await flush();
      table = event.table;
      if (!present.has(table.table))
        throw new RestoreError(
          `table ${table.table} of the archive does not exist at its migration level: the archive is not Tansiq's`,
        );
      const shape = await tableShape(db, dialect, table.table);
      const missing = table.columns.filter((c) => !shape.columns.includes(c));
      const extra = shape.columns.filter((c) => !table!.columns.includes(c));
      if (missing.length > 0 || extra.length > 0)
        throw new RestoreError(
          `table ${table.table}: the archive's columns differ from the schema at its level (${[...missing, ...extra].join(', ')})`,
        );
      bytes = table.types.map((t) => t === 'bytes');
    } else if (event.kind === 'row') {
      const values = event.values.map((v, i) =>
        bytes[i] && typeof v === 'string' ? Buffer.from(v, 'base64') : v,
      );
      for (const v of values)
        batchBytes += typeof v === 'string' || Buffer.isBuffer(v) ? v.length : 8;
      batch.push(values);
      if (
        batchBytes >= BYTES_PER_INSERT ||
        (batch.length + 1) * values.length > PARAMETERS_PER_INSERT
      )
        await flush();
    }
  }
  await flush();
  return done;
}

function migrator(db: Db, dialect: Dialect, schema: string | undefined): Migrator {
  const all = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  return new Migrator({
    db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
    // PostgreSQL restores in one transaction of its own, DDL included.
    disableTransactions: dialect === 'postgres',
  });
}

async function migrateTo(m: Migrator, name: string | 'latest'): Promise<string[]> {
  const { error, results } =
    name === 'latest' ? await m.migrateToLatest() : await m.migrateTo(name);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed)
    throw new RestoreError(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  return (results ?? []).map((r) => r.migrationName);
}

/** The archive's level must be a beginning of this Tansiq's migrations. */
function checkLevel(header: ArchiveHeader, dialect: Dialect): void {
  const known = Object.keys(migrations(dialect)).sort();
  if (header.migrations.length === 0)
    throw new RestoreError('the archive records no migration level: it is not a Tansiq database');
  header.migrations.forEach((name, i) => {
    if (known[i] !== name)
      throw new RestoreError(
        known.includes(name)
          ? `the archive's migrations are out of order at ${name}`
          : `the archive was made by a newer Tansiq (migration ${name} is unknown here): upgrade Tansiq first`,
      );
  });
}

/** Everything after the target is open: the same on both engines. */
async function rebuild(
  db: Db,
  dialect: Dialect,
  schema: string | undefined,
  file: string,
  checked: { header: ArchiveHeader; trailer: ArchiveTrailer },
  options: RestoreOptions,
): Promise<{ rows: number; migrated: string[]; auditEntries: number }> {
  const { header, trailer } = checked;
  const m = migrator(db, dialect, schema);
  await migrateTo(m, header.migrations[header.migrations.length - 1]!);
  const total = Object.values(trailer.summary.rows).reduce((a, b) => a + b, 0);
  // SQLite: one transaction for speed (the file is new, and only replaces the target at the end);
  // PostgreSQL is inside the restore's transaction already.
  const rows =
    dialect === 'sqlite'
      ? await db
          .transaction()
          .execute((trx) => loadTables(trx, dialect, file, header, options, total))
      : await loadTables(db, dialect, file, header, options, total);
  const migrated = await migrateTo(m, 'latest');
  const record = (trx: Db) =>
    appendAudit(trx, [
      {
        actor: 'system',
        member: null,
        action: 'instance.restore',
        subject: null,
        detail: {
          archive: path.basename(file),
          engine: header.engine,
          created_at: header.created_at,
          sha256: trailer.sha256,
          rows,
          migrated,
        },
      },
    ]);
  if (dialect === 'sqlite') await db.transaction().execute(record);
  else await record(db);
  const verdict = await verifyAudit(db);
  if (!verdict.ok)
    throw new RestoreError(
      `the restored audit log does not verify (entry ${verdict.badSeq}: ${verdict.reason}): nothing restored`,
    );
  return { rows, migrated, auditEntries: verdict.entries };
}

/** SQLite: built beside the target in a folder of its own, then renamed over it (atomic). */
async function restoreSqlite(
  file: string,
  target: RestoreTarget,
  checked: { header: ArchiveHeader; trailer: ArchiveTrailer },
  options: RestoreOptions,
): Promise<{ rows: number; migrated: string[]; auditEntries: number }> {
  fs.mkdirSync(target.dataDir, { recursive: true });
  const final = sqliteFile(target.dataDir);
  if (fs.existsSync(final)) {
    const existing = openDb({ databaseUrl: null, dataDir: target.dataDir });
    try {
      refuseNonEmpty(await contentCounts(existing.db, 'sqlite'), final, options.force);
    } finally {
      await existing.close();
    }
  }
  const staging = fs.mkdtempSync(path.join(target.dataDir, '.restore-'));
  try {
    const handle = openDb({ databaseUrl: null, dataDir: staging });
    let outcome;
    try {
      outcome = await rebuild(handle.db, 'sqlite', undefined, file, checked, options);
      // One file, no write-ahead log beside it, before it takes the target's place.
      await sql`PRAGMA journal_mode = DELETE`.execute(handle.db);
    } finally {
      await handle.close();
    }
    // A write-ahead log of the replaced database must not be applied to the new one.
    for (const f of [`${final}-wal`, `${final}-shm`, `${final}-journal`])
      fs.rmSync(f, { force: true });
    fs.renameSync(sqliteFile(staging), final);
    return outcome;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL: one transaction on one connection holds everything — dropping what a forced restore
 * replaces, the migrations, the rows, the audit entry — so a failure at any point leaves the
 * database as it was.
 */
async function restorePostgres(
  file: string,
  target: RestoreTarget,
  checked: { header: ArchiveHeader; trailer: ArchiveTrailer },
  options: RestoreOptions,
): Promise<{ rows: number; migrated: string[]; auditEntries: number }> {
  const client = new pg.Client({
    connectionString: target.databaseUrl!,
    ...(target.pgSchema ? { options: `-c search_path=${target.pgSchema}` } : {}),
  });
  await client.connect();
  // Kysely over this one connection: the migrator and the loader all run inside its transaction.
  const single = Object.assign(client, { release: () => undefined });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => single, end: async () => {} } }),
  });
  try {
    await client.query('BEGIN');
    const present = await tableNames(db, 'postgres');
    // A schema with tables but no migration record is not an installation: never drop it.
    if (present.length > 0 && !present.includes('kysely_migration'))
      throw new RestoreError(
        `the PostgreSQL schema holds tables that are not a Tansiq installation's (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}): restore into an empty database`,
      );
    refuseNonEmpty(await contentCounts(db, 'postgres'), 'the PostgreSQL database', options.force);
    await dropSchemaContents(db);
    const outcome = await rebuild(db, 'postgres', target.pgSchema, file, checked, options);
    await client.query('COMMIT');
    return outcome;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/**
 * `tansiq restore`: checks the archive whole (format, level, row counts, sha256, MAC), then builds
 * the database from it atomically, runs the migrations that came after the archive, records the
 * restore in the audit log and verifies the chain. A target that holds data is refused unless
 * `force`.
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const started = Date.now();
  const dialect: Dialect = target.databaseUrl ? 'postgres' : 'sqlite';
  if (!fs.existsSync(file)) throw new RestoreError(`${file}: no such file`);
  const size = fs.statSync(file).size;
  const checked = await checkArchive(file, {
    keys: options.keys,
    onBytes: (n) => options.progress?.({ phase: 'check', done: n, total: size }),
  });
  checkLevel(checked.header, dialect);
  const outcome =
    dialect === 'sqlite'
      ? await restoreSqlite(file, target, checked, options)
      : await restorePostgres(file, target, checked, options);
  const configured = new Set(options.keys.map((k) => k.id));
  return {
    engine: dialect,
    header: checked.header,
    trailer: checked.trailer,
    rows: outcome.rows,
    macChecked: checked.macChecked,
    migrated: outcome.migrated,
    missingKeys: checked.trailer.summary.sealed_with.filter((id) => !configured.has(id)),
    auditEntries: outcome.auditEntries,
    ms: Date.now() - started,
  };
}
