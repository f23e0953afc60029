import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * The backup archive: gzip'd JSON lines, the same for both engines, so an archive of SQLite restores
 * into PostgreSQL and the other way round.
 *
 *   {"tansiq_backup":1, "engine", "created_at", "migrations":[…], "tables":[…]}     header
 *   {"table":"objects","columns":[…],"types":[…]}                                  each table…
 *   [value, value, …]                                                              …its rows
 *   {"summary":{"rows":{…},"sealed_with":[…]},"sha256":"…","mac":"…"}              trailer
 *
 * Values are JSON as the databases give them (text, integers below 2^53, doubles, null); `bytes`
 * columns are base64. The trailer's sha256 covers every byte before it (uncompressed), and its MAC
 * (HMAC-SHA256 under a key derived from TANSIQ_SECRET_KEY, when one is configured) says that this
 * installation wrote it. Writing a trailer rather than a header lets the archive stream in one
 * pass, even to a pipe.
 */

export const ARCHIVE_FORMAT = 1;

/** How a column's values are written: as JSON, or base64 for binary columns. */
export type ColumnType = 'value' | 'bytes';

export interface ArchiveHeader {
  tansiq_backup: number;
  engine: 'sqlite' | 'postgres';
  created_at: string;
  /** The schema's migration level: the migrations applied, in order. */
  migrations: string[];
  /** The tables that follow, in an order that satisfies their foreign keys. */
  tables: string[];
}

export interface ArchiveTable {
  table: string;
  columns: string[];
  types: ColumnType[];
}

export interface ArchiveSummary {
  rows: Record<string, number>;
  /** Ids of the keys that sealed secrets in the archive (keyring.ts): they must be configured to open them. */
  sealed_with: string[];
}

export interface ArchiveTrailer {
  summary: ArchiveSummary;
  sha256: string;
  /** `hmac-sha256:<key id>:<hex>`, when the installation has a key. */
  mac?: string;
}

/** A key that authenticates archives: its id (keyring.ts#keyId) and the installation's key. */
export interface ArchiveKey {
  id: string;
  key: Buffer;
}

/** Archives are authenticated under a key derived for that purpose only. */
function macKey(key: Buffer): Buffer {
  return createHmac('sha256', key).update('tansiq backup archive').digest();
}

export class ArchiveError extends Error {}

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** Writes an archive to a stream, gzip'd, hashing as it goes; lines are buffered into large writes. */
export class ArchiveWriter {
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly hash: Hash = createHash('sha256');
  private readonly mac: Hmac | null;
  private pending: string[] = [];
  private pendingBytes = 0;
  private done: Promise<unknown>;
  /** Bytes of JSON lines written, and of the gzip'd archive. */
  bytesIn = 0;
  bytesOut = 0;

  constructor(
    out: Writable,
    private readonly key: ArchiveKey | null,
  ) {
    this.mac = key ? createHmac('sha256', macKey(key.key)) : null;
    this.gzip.on('data', (chunk: Buffer) => (this.bytesOut += chunk.length));
    this.gzip.pipe(out);
    // Standard output is never ended by a pipe: there, the archive is done when gzip has given all.
    this.done = out === process.stdout ? once(this.gzip, 'end') : once(out, 'finish');
    // Awaited in finish(); an early failure must not go unhandled meanwhile.
    this.done.catch(() => undefined);
    // A failing destination (a full disk) rejects the next write rather than crashing.
    out.on('error', (e) => this.gzip.destroy(e));
  }

  private async line(text: string, hashed = true): Promise<void> {
    const bytes = `${text}\n`;
    if (hashed) {
      this.hash.update(bytes);
      this.mac?.update(bytes);
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.bytesIn += Buffer.byteLength(chunk);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  header(header: ArchiveHeader): Promise<void> {
    return this.line(JSON.stringify(header));
  }

  table(table: ArchiveTable): Promise<void> {
    return this.line(JSON.stringify(table));
  }

  row(values: unknown[]): Promise<void> {
    return this.line(JSON.stringify(values.map(encode)));
  }

  /** Writes the trailer and ends the stream; resolves when the destination has everything. */
  async finish(summary: ArchiveSummary): Promise<ArchiveTrailer> {
    const trailer: ArchiveTrailer = {
      summary,
      sha256: this.hash.digest('hex'),
      ...(this.mac && this.key
        ? { mac: `hmac-sha256:${this.key.id}:${this.mac.digest('hex')}` }
        : {}),
    };
    await this.line(JSON.stringify(trailer), false);
    await this.flush();
    this.gzip.end();
    await this.done;
    return trailer;
  }
}

/** One step through an archive. */
export type ArchiveEvent =
  | { kind: 'header'; header: ArchiveHeader }
  | { kind: 'table'; table: ArchiveTable }
  | { kind: 'row'; values: unknown[] }
  | { kind: 'trailer'; trailer: ArchiveTrailer };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseLine(line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ArchiveError(`line ${n} is not JSON: the archive is corrupt`);
  }
}

function checkHeader(value: unknown): ArchiveHeader {
  if (!isObject(value) || !('tansiq_backup' in value))
    throw new ArchiveError('not a Tansiq backup (no header)');
  if (value.tansiq_backup !== ARCHIVE_FORMAT)
    throw new ArchiveError(
      `archive format ${String(value.tansiq_backup)}: this Tansiq reads format ${ARCHIVE_FORMAT} (upgrade Tansiq)`,
    );
  const h = value as unknown as ArchiveHeader;
  if (
    !['sqlite', 'postgres'].includes(h.engine) ||
    typeof h.created_at !== 'string' ||
    !Array.isArray(h.migrations) ||
    !Array.isArray(h.tables)
  )
    throw new ArchiveError('the header is incomplete: the archive is corrupt');
  return h;
}

function checkTrailer(value: Record<string, unknown>): ArchiveTrailer {
  const t = value as unknown as ArchiveTrailer;
  if (
    !isObject(t.summary) ||
    !isObject(t.summary.rows) ||
    !Array.isArray(t.summary.sealed_with) ||
    typeof t.sha256 !== 'string'
  )
    throw new ArchiveError('the trailer is incomplete: the archive is corrupt');
  return t;
}

function checkTable(value: Record<string, unknown>, n: number): ArchiveTable {
  const t = value as unknown as ArchiveTable;
  if (
    typeof t.table !== 'string' ||
    !Array.isArray(t.columns) ||
    !Array.isArray(t.types) ||
    t.columns.length !== t.types.length
  )
    throw new ArchiveError(`line ${n}: a table line is incomplete: the archive is corrupt`);
  return t;
}

function streamFailure(error: Error | null): ArchiveError | null {
  if (!error) return null;
  return new ArchiveError(
    /unexpected end of file/i.test(error.message)
      ? 'the archive is truncated (it ends before its trailer)'
      : `the archive cannot be read: ${error.message}`,
  );
}

/**
 * Reads an archive as events, checking its shape as it goes and, at the end, its row counts, its
 * sha256 and (when `keys` holds the key that wrote it) its MAC. Every problem is an ArchiveError
 * naming what is wrong; a consumer that acts on rows must not commit before the trailer arrives.
 */
export async function* readArchive(
  file: string,
  options: { keys?: ArchiveKey[]; onBytes?: (compressedBytes: number) => void } = {},
): AsyncGenerator<ArchiveEvent> {
  const input = fs.createReadStream(file);
  if (options.onBytes) {
    let read = 0;
    input.on('data', (chunk) => {
      read += chunk.length;
      options.onBytes!(read);
    });
  }
  const gunzip = zlib.createGunzip();
  const lines = readline.createInterface({
    input: input.pipe(gunzip),
    crlfDelay: Infinity,
  });
  // A stream error (a truncated gzip, an unreadable file) ends the lines; it is reported below.
  let streamError: Error | null = null;
  const stop = (e: Error) => {
    streamError ??= e;
    lines.close();
  };
  input.on('error', stop);
  gunzip.on('error', stop);
  const hash = createHash('sha256');
  const macs = new Map(
    (options.keys ?? []).map((k) => [k.id, createHmac('sha256', macKey(k.key))]),
  );
  const counted: Record<string, number> = {};
  let header: ArchiveHeader | null = null;
  let table: ArchiveTable | null = null;
  let trailer: ArchiveTrailer | null = null;
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      if (trailer)
        throw new ArchiveError(`line ${n}: data after the trailer: the archive is corrupt`);
      const value = parseLine(line, n);
      if (isObject(value) && 'summary' in value) {
        trailer = checkTrailer(value);
        continue;
      }
      const bytes = `${line}\n`;
      hash.update(bytes);
      for (const mac of macs.values()) mac.update(bytes);
      if (!header) {
        header = checkHeader(value);
        yield { kind: 'header', header };
      } else if (Array.isArray(value)) {
        if (!table)
          throw new ArchiveError(`line ${n}: a row before any table: the archive is corrupt`);
        if (value.length !== table.columns.length)
          throw new ArchiveError(
            `line ${n}: a row of ${table.table} has ${value.length} values for ${table.columns.length} columns: the archive is corrupt`,
          );
        counted[table.table] = (counted[table.table] ?? 0) + 1;
        yield { kind: 'row', values: value };
      } else if (isObject(value) && 'table' in value) {
        table = checkTable(value, n);
        if (!header.tables.includes(table.table))
          throw new ArchiveError(`line ${n}: table ${table.table} is not in the header`);
        counted[table.table] = 0;
        yield { kind: 'table', table };
      } else throw new ArchiveError(`line ${n}: neither a table nor a row: the archive is corrupt`);
    }
  } catch (e) {
    // A damaged stream may first give a broken last line: name the cause, not the symptom.
    throw streamFailure(streamError) ?? e;
  } finally {
    lines.close();
    input.destroy();
  }
  const failed = streamFailure(streamError);
  if (failed) throw failed;
  if (!header) throw new ArchiveError('the archive is empty');
  if (!trailer) throw new ArchiveError('the archive is truncated (it ends before its trailer)');
  if (trailer.sha256 !== hash.digest('hex'))
    throw new ArchiveError('the archive does not match its sha256: it was altered or damaged');
  for (const name of header.tables) {
    const expected = trailer.summary?.rows?.[name];
    if (expected !== (counted[name] ?? 0))
      throw new ArchiveError(
        `table ${name}: ${counted[name] ?? 0} rows where the archive says ${String(expected)}: it is incomplete`,
      );
  }
  if (trailer.mac) {
    const [, id, value] = trailer.mac.split(':');
    const mac = id ? macs.get(id) : undefined;
    if (mac && mac.digest('hex') !== value)
      throw new ArchiveError(
        `the archive's MAC does not match under key ${id}: it was altered after this installation wrote it`,
      );
  }
  yield { kind: 'trailer', trailer };
}

/** Reads a whole archive to check it; returns its header and trailer (throws an ArchiveError). */
export async function checkArchive(
  file: string,
  options: { keys?: ArchiveKey[]; onBytes?: (compressedBytes: number) => void } = {},
): Promise<{ header: ArchiveHeader; trailer: ArchiveTrailer; macChecked: boolean }> {
  let header: ArchiveHeader | null = null;
  let trailer: ArchiveTrailer | null = null;
  for await (const event of readArchive(file, options)) {
    if (event.kind === 'header') header = event.header;
    if (event.kind === 'trailer') trailer = event.trailer;
  }
  const macId = trailer!.mac?.split(':')[1];
  return {
    header: header!,
    trailer: trailer!,
    macChecked: !!macId && (options.keys ?? []).some((k) => k.id === macId),
  };
}
