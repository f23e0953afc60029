import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect } from '../db/index.ts';
import type { ColumnType } from './archive.ts';

/**
 * The catalog and the rows of every table, on both engines, for backup and restore. Raw SQL: the
 * tables are listed from the database itself, so a table a later migration adds is carried without
 * a change here.
 */

/**
 * Not carried: the migrator's bookkeeping (the header records the level), SQLite's own tables, and
 * the search index — derived from the stored versions and engine-specific (FTS5 on SQLite, tsvector
 * on PostgreSQL) — which is rebuilt after a restore.
 */
export function isCarried(table: string): boolean {
  return !/^(kysely_|sqlite_|search_)/.test(table);
}

export interface TableShape {
  name: string;
  columns: string[];
  types: ColumnType[];
}

async function rows<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

export async function tableNames(db: Db, dialect: Dialect): Promise<string[]> {
  const list =
    dialect === 'sqlite'
      ? await rows(
          db,
          sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
        )
      : // Tables an extension owns (PostGIS's spatial_ref_sys) belong to the extension, not to us.
        await rows(
          db,
          sql<{ name: string }>`SELECT c.relname AS name FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY c.relname`,
        );
  return list.map((r) => r.name);
}

export async function tableShape(db: Db, dialect: Dialect, name: string): Promise<TableShape> {
  const columns =
    dialect === 'sqlite'
      ? await rows(
          db,
          sql<{
            name: string;
            type: string;
          }>`SELECT name, type FROM pragma_table_info(${name}) ORDER BY cid`,
        )
      : await rows(
          db,
          sql<{ name: string; type: string }>`SELECT column_name AS name, data_type AS type
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ${name} ORDER BY ordinal_position`,
        );
  return {
    name,
    columns: columns.map((c) => c.name),
    types: columns.map((c) => (/^(blob|bytea)$/i.test(c.type) ? 'bytes' : 'value')),
  };
}

/** Foreign keys between tables of the schema, as [child, parent]. */
export async function foreignKeys(db: Db, dialect: Dialect): Promise<[string, string][]> {
  const list =
    dialect === 'sqlite'
      ? await rows(
          db,
          sql<{ child: string; parent: string }>`SELECT m.name AS child, f."table" AS parent
            FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`,
        )
      : await rows(
          db,
          sql<{ child: string; parent: string }>`SELECT c.relname AS child, p.relname AS parent
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_class p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`,
        );
  return list.map((r) => [r.child, r.parent]);
}

/** The migrations applied, in order ([] when the migrator never ran). */
export async function migrationLevel(db: Db, dialect: Dialect): Promise<string[]> {
  if (!(await tableNames(db, dialect)).includes('kysely_migration')) return [];
  const list = await rows(
    db,
    sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`,
  );
  return list.map((r) => r.name);
}

export async function countRows(db: Db, table: string): Promise<number> {
  const [row] = await rows(
    db,
    sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * The rows of a table, a page at a time, as arrays in the shape's column order. On SQLite the
 * database is a snapshot nobody writes, so pages follow the rowid; on PostgreSQL a cursor reads
 * inside the caller's (snapshot) transaction.
 */
export async function* tableRows(
  db: Db,
  dialect: Dialect,
  shape: TableShape,
  pageSize = 1000,
): AsyncGenerator<unknown[][]> {
  const pick = (r: Record<string, unknown>) => shape.columns.map((c) => r[c] ?? null);
  if (dialect === 'sqlite') {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = await rows(
        db,
        sql<Record<string, unknown>>`SELECT rowid AS tansiq_rowid, * FROM ${sql.table(shape.name)}
          WHERE rowid > ${after} ORDER BY rowid LIMIT ${pageSize}`,
      );
      if (page.length === 0) return;
      yield page.map(pick);
      after = Number(page[page.length - 1]!.tansiq_rowid);
      if (page.length < pageSize) return;
    }
  }
  await sql`DECLARE tansiq_backup NO SCROLL CURSOR FOR SELECT * FROM ${sql.table(shape.name)}`.execute(
    db,
  );
  try {
    for (;;) {
      const page = await rows(
        db,
        sql<Record<string, unknown>>`FETCH FORWARD ${sql.raw(String(pageSize))} FROM tansiq_backup`,
      );
      if (page.length === 0) return;
      yield page.map(pick);
    }
  } finally {
    // After a failure the transaction is over anyway; the first error is the one to report.
    await sql`CLOSE tansiq_backup`.execute(db).catch(() => undefined);
  }
}

/** Removes the rows a migration seeded (a fresh table's singletons), before the archive's go in. */
export async function clearTable(db: Db, table: string): Promise<void> {
  if ((await countRows(db, table)) > 0) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
}

export async function insertRows(
  db: Db,
  table: string,
  columns: string[],
  values: unknown[][],
): Promise<void> {
  if (values.length === 0) return;
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    VALUES ${sql.join(values.map((row) => sql`(${sql.join(row)})`))}`.execute(db);
}

/** Who would lose data if a restore replaced this database: its members, users, objects and audit entries. */
export async function contentCounts(db: Db, dialect: Dialect): Promise<Record<string, number>> {
  const present = new Set(await tableNames(db, dialect));
  const counts: Record<string, number> = {};
  for (const table of ['members', 'users', 'objects', 'audit_log'])
    if (present.has(table)) counts[table] = await countRows(db, table);
  return counts;
}

/** Empties the PostgreSQL schema of Tansiq's tables and functions (inside the restore's transaction). */
export async function dropSchemaContents(db: Db): Promise<void> {
  for (const table of await tableNames(db, 'postgres'))
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  const functions = await rows(
    db,
    sql<{ signature: string }>`SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
      WHERE p.pronamespace = current_schema()::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
  );
  for (const f of functions)
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(f.signature)} CASCADE`.execute(db);
  // Sequences of their own (search documents of records), which no dropped table took along.
  const sequences = await rows(
    db,
    sql<{ name: string }>`SELECT sequence_name AS name FROM information_schema.sequences
      WHERE sequence_schema = current_schema()`,
  );
  for (const q of sequences)
    await sql`DROP SEQUENCE IF EXISTS ${sql.table(q.name)} CASCADE`.execute(db);
}
