import type SQLite from 'better-sqlite3';
import { sqliteConnection, type Db } from './index.ts';

const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * Inserts rows of projections written on every store path (inside the caller's transaction). On
 * SQLite, one statement prepared once per table and columns and run per row on the transaction's
 * own connection: compiling and preparing a multi-row statement per chunk cost more than writing
 * its rows. Elsewhere, multi-row statements of `per` rows (far below any bound-parameter limit).
 */
export async function insertMany(
  db: Db,
  table: string,
  rows: object[],
  per: number,
): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = sqliteConnection(db);
  if (!sqlite) {
    for (let i = 0; i < rows.length; i += per)
      await db
        .insertInto(table as never)
        .values(rows.slice(i, i + per) as never)
        .execute();
    return;
  }
  // Every column any row gives (a row without one writes NULL, as a multi-row statement would).
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row as object)))];
  const key = `${table}(${columns.join(',')})`;
  let mine = statements.get(sqlite);
  if (!mine) statements.set(sqlite, (mine = new Map()));
  let insert = mine.get(key);
  if (!insert) {
    insert = sqlite.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    mine.set(key, insert);
  }
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    insert.run(columns.map((c) => r[c] ?? null));
  }
}
