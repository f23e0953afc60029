import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** The PostgreSQL schema when not the default one. */
  schema?: string;
  /** PostgreSQL's connection pool (its counts are reported at /metrics). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… ; when absent, SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL schema to work in (tests use one per file). */
  pgSchema?: string;
}

// int8 (bigint) columns hold microsecond timestamps and sequence numbers, all below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/** Keyed by the Kysely instance's adapter, which its transactions share. */
const sqliteConnections = new WeakMap<object, SQLite.Database>();

/**
 * The better-sqlite3 connection under a SQLite Kysely instance or a transaction on it. Kysely runs
 * every SQLite query, transactions included, on this one connection, so a prepared statement run
 * on it inside a Kysely transaction belongs to that transaction. Used only where statement reuse
 * pays (bulk ingest).
 */
export function sqliteConnection(db: Db): SQLite.Database | undefined {
  return sqliteConnections.get(db.getExecutor().adapter);
}

/** The engine behind a database or a transaction on it. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'tansiq.sqlite');
}

/** A PostgreSQL address without its `options` parameter, and that parameter. */
function splitOptions(databaseUrl: string): { address: string; carried: string } {
  try {
    const url = new URL(databaseUrl);
    const carried = url.searchParams.get('options') ?? '';
    url.searchParams.delete('options');
    return { address: url.href, carried };
  } catch {
    // An address URL cannot read (several hosts) goes to pg as it is.
    return { address: databaseUrl, carried: '' };
  }
}

export function openDb(options: DbOptions): DbHandle {
  if (options.databaseUrl) {
    // JIT off: our queries are short and many, and compiling one (tens of milliseconds, triggered by
    // the planner's cost estimate on a large table) costs more than it saves.
    // Settings the address itself carries (`?options=…`) are kept and come first; pg would let
    // them replace ours, so they move out of the address.
    const { address, carried } = splitOptions(options.databaseUrl);
    const settings = [
      carried,
      '-c jit=off',
      ...(options.pgSchema ? [`-c search_path=${options.pgSchema}`] : []),
    ].filter(Boolean);
    const pool = new pg.Pool({
      connectionString: address,
      max: 10,
      options: settings.join(' '),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      schema: options.pgSchema,
      pool,
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new SQLite(sqliteFile(options.dataDir));
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before it is acknowledged (no acknowledged write lost on a crash).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  // 64 MiB of page cache (the default is 2 MiB): the object store's indexes stay in memory while a
  // large import writes them.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteConnections.set(db.getExecutor().adapter, sqlite);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Runs the migrations this database has not run: all of them, or those up to `upTo` (tests of a migration). */
export async function migrate(handle: DbHandle, upTo?: string): Promise<void> {
  const all = migrations(handle.dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its bookkeeping tables by schema: name ours, or it may see another schema's.
  const migrator = new Migrator({
    db: handle.db,
    provider,
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/**
 * Migrations this code knows that the database has not run (empty: the schema is at level). Reads
 * Kysely's bookkeeping table directly: the Migrator's own check introspects every table.
 */
export async function pendingMigrations(handle: DbHandle): Promise<string[]> {
  const table = handle.schema
    ? sql.table(`${handle.schema}.kysely_migration`)
    : sql.table('kysely_migration');
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(handle.db);
  const done = new Set(rows.map((r) => r.name));
  return Object.keys(migrations(handle.dialect)).filter((name) => !done.has(name));
}

export async function openAndMigrate(options: DbOptions): Promise<DbHandle> {
  const handle = openDb(options);
  await migrate(handle);
  return handle;
}
