import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Attachment } from '../../contract/knowledge.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { auditSensitiveReads } from '../exchange/objects.read.ts';
import { listVisible } from '../exchange/objects.repository.ts';
import { storeObjectsIn } from '../exchange/objects.service.ts';
import { ownerCode } from '../members/directory.ts';
import { loadDirectory, memberById } from '../members/members.repository.ts';
import { canWrite } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { Reader } from '../policy/access.ts';
import { formatMicros } from '../stix/timestamp.ts';
import { FEDERATION_HEADER } from '../taxii/media.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../stix/tlp.ts';
import { detectType, INLINE_IMAGES } from './filetypes.ts';
import {
  bodiesOf,
  fileChunk,
  fileMeta,
  markVerified,
  markVerifiedByHash,
  readableArtifact,
  unverifiedPulled,
  type ReadableArtifact,
  referrers,
  storeFile,
} from './knowledge.repository.ts';
import { visibleRow } from './references.service.ts';
import { nextTimestamp, sourceOf } from './replies.service.ts';
import { sharingOf } from './sharing.service.ts';

/** Bytes per stored chunk: a chunk is one row, written and read between yields. */
export const CHUNK_BYTES = 256 * 1024;
/** What files are attached to (the issue's reports and incidents, and groupings of them). */
export const ATTACHABLE_TYPES = new Set(['report', 'incident', 'grouping']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A file name as given, without folders, control characters or an unreasonable length. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  return clean.slice(0, 200);
}

/** Reads an upload into chunks with a size limit, hashing as it goes (no copy of the whole). */
export async function readUpload(
  stream: Readable,
  limit: number,
): Promise<{ chunks: Uint8Array[]; size: number; sha256: string }> {
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  const flush = (all: boolean) => {
    let joined = Buffer.concat(pending, pendingBytes);
    while (joined.length >= CHUNK_BYTES || (all && joined.length > 0)) {
      chunks.push(joined.subarray(0, Math.min(CHUNK_BYTES, joined.length)));
      joined = joined.subarray(Math.min(CHUNK_BYTES, joined.length));
    }
    pending = joined.length ? [joined] : [];
    pendingBytes = joined.length;
  };
  for await (const piece of stream) {
    const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      stream.destroy();
      throw new AppError(413, 'payload_too_large', `file: larger than ${limit} bytes`, 'file');
    }
    hash.update(buffer);
    pending.push(buffer);
    pendingBytes += buffer.length;
    if (pendingBytes >= CHUNK_BYTES) flush(false);
  }
  flush(true);
  return { chunks, size, sha256: hash.digest('hex') };
}

export interface Upload {
  name: string;
  stream: Readable;
  /** Content-Length, when the client sent one: a body announced too large is refused unread. */
  length?: number;
}

/**
 * Attaches a file to an object its member owns: the bytes stored once by their SHA-256, a STIX
 * `artifact` (hashes, MIME type, and the URL a peer fetches it from with its credentials), a `file`
 * naming it, and a relationship from the object to the file, all under the object's sharing, in one
 * transaction with the bytes.
 */
export async function attachFile(
  db: Db,
  config: Config,
  actor: Actor,
  id: string,
  upload: Upload,
): Promise<Attachment> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write objects');
  const row = await visibleRow(db, readerOf(actor), id);
  if (!ATTACHABLE_TYPES.has(row.type))
    throw new AppError(
      422,
      'validation',
      `id: files are attached to reports and incidents, not to a ${row.type}`,
      'id',
    );
  if (row.owner_id !== actor.memberId)
    throw new AppError(
      403,
      'not_owner',
      'id: only the member that owns this object attaches files to it',
      'id',
    );
  if (row.revoked === 1)
    throw new AppError(409, 'conflict', 'id: a revoked object takes no new file', 'id');
  const name = cleanFileName(upload.name);
  if (!name) throw new AppError(400, 'validation', 'name: give the file a name', 'name');
  if (upload.length !== undefined && upload.length > config.fileLimitBytes)
    throw new AppError(
      413,
      'payload_too_large',
      `file: larger than ${config.fileLimitBytes} bytes`,
      'file',
    );
  const { chunks, size, sha256 } = await readUpload(upload.stream, config.fileLimitBytes);
  if (size === 0) throw new AppError(422, 'validation', 'file: the file is empty', 'file');
  const kind = await detectType(Buffer.concat(chunks, size), name);
  if ('refused' in kind)
    throw new AppError(
      415,
      'unsupported_media_type',
      `file: PDF, images, office documents and text only (this is ${kind.refused})`,
      'file',
    );

  const sharing = await sharingOf(db, row);
  const member = await memberById(db, actor.memberId);
  const now = nextTimestamp();
  const marking = [TLP2_MARKING_IDS[sharing.tlp]];
  const hashes = { 'SHA-256': sha256 };
  const artifact = {
    type: 'artifact',
    spec_version: '2.1',
    id: `artifact--${randomUUID()}`,
    mime_type: kind.mime,
    hashes,
    // STIX 2.1 §6.1: with `url`, `hashes` must be present. A peer fetches it with its own
    // credentials and gets it only if it may read this artifact.
    url: `${config.publicUrl}/api/v1/files/${sha256}`,
    object_marking_refs: marking,
  };
  const file = {
    type: 'file',
    spec_version: '2.1',
    id: `file--${randomUUID()}`,
    name,
    size,
    mime_type: kind.mime,
    hashes,
    content_ref: artifact.id,
    object_marking_refs: marking,
  };
  const link = {
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${randomUUID()}`,
    created: now,
    modified: now,
    created_by_ref: member!.identity_id,
    relationship_type: 'related-to',
    source_ref: id,
    target_ref: file.id,
    object_marking_refs: marking,
  };
  const stored = await db.transaction().execute(async (trx) => {
    await storeFile(
      trx,
      {
        sha256,
        size,
        mime_type: kind.mime,
        chunks: chunks.length,
        created_at: new Date().toISOString(),
      },
      chunks,
    );
    const outcome = await storeObjectsIn(trx, actor, {
      objects: [artifact, file, link],
      audience: sharing.audience,
      federate: sharing.federate,
      tlp: sharing.tlp,
      source: sourceOf(actor),
    });
    const rejected = outcome.results.find((r) => r.status === 'rejected');
    if (rejected?.status === 'rejected')
      throw new AppError(
        422,
        'invalid_objects',
        `file: ${rejected.errors[0]?.reason ?? 'rejected'}`,
        'file',
      );
    await markVerified(trx, [artifact.id], actor.memberId);
    return outcome.results.find((r) => r.id === file.id);
  });
  // What was just stored, as the list of attachments shows it (its bytes are here: available).
  return {
    id: file.id,
    artifact: artifact.id,
    name,
    size,
    mime_type: kind.mime,
    sha256,
    available: true,
    owner: actor.memberCode,
    tlp: sharing.tlp,
    date_added: stored?.status === 'stored' ? stored.date_added : new Date().toISOString(),
  };
}

/** Files attached to an object that the reader may read, oldest first. */
export async function listAttachments(db: Db, actor: Actor, id: string): Promise<Attachment[]> {
  const reader = readerOf(actor);
  await visibleRow(db, reader, id);
  const links = await referrers(db, reader, {
    targets: [id],
    sourceTypes: ['relationship'],
    limit: 500,
  });
  const bodies = await bodiesOf(db, [...new Set(links.map((l) => l.added))]);
  const fileIds = [...bodies.values()]
    .filter(
      (b) =>
        b.source_ref === id &&
        typeof b.target_ref === 'string' &&
        b.target_ref.startsWith('file--'),
    )
    .map((b) => b.target_ref as string);
  if (fileIds.length === 0) return [];
  const files = await listVisible(db, reader, { ids: [...new Set(fileIds)] }, fileIds.length);
  const directory = await loadDirectory(db);
  const out: Attachment[] = [];
  for (const f of files) {
    const body = JSON.parse(f.body) as Record<string, unknown>;
    const artifactId = typeof body.content_ref === 'string' ? body.content_ref : '';
    const artifact = artifactId ? await readableArtifact(db, reader, { artifactId }) : null;
    const sha256 =
      artifact?.sha256 ??
      (isRecord(body.hashes) && typeof body.hashes['SHA-256'] === 'string'
        ? body.hashes['SHA-256']
        : '');
    const meta = sha256 ? await fileMeta(db, sha256) : undefined;
    out.push({
      id: f.stix_id,
      artifact: artifactId,
      name: typeof body.name === 'string' ? body.name : f.stix_id,
      size: typeof body.size === 'number' ? body.size : (meta?.size ?? 0),
      mime_type:
        meta?.mime_type ??
        (typeof body.mime_type === 'string' ? body.mime_type : 'application/octet-stream'),
      sha256,
      available:
        artifact !== null && (meta !== undefined || (await payloadOf(db, artifact.added)) !== null),
      owner: ownerCode(f, directory),
      tlp: f.tlp as TlpLevel,
      date_added: formatMicros(f.added),
    });
  }
  return out.sort((a, b) => a.date_added.localeCompare(b.date_added));
}

async function payloadOf(db: Db, artifactAdded: number): Promise<Buffer | null> {
  const body = (await bodiesOf(db, [artifactAdded])).get(artifactAdded);
  return typeof body?.payload_bin === 'string' ? Buffer.from(body.payload_bin, 'base64') : null;
}

export interface Download {
  name: string;
  mime: string;
  size: number;
  inline: boolean;
  body: Readable;
}

/** The bytes of a content, chunk by chunk, yielding between chunks (one download never stalls others). */
async function* chunksOf(db: Db, sha256: string, count: number): AsyncGenerator<Uint8Array> {
  for (let seq = 0; seq < count; seq += 1) {
    const chunk = await fileChunk(db, sha256, seq);
    if (!chunk) throw new Error(`file ${sha256}: chunk ${seq} is missing`);
    yield chunk;
    await yieldToOthers();
  }
}

async function contentOf(
  db: Db,
  artifact: ReadableArtifact,
): Promise<{ mime: string; size: number; body: Readable } | null> {
  const meta = await fileMeta(db, artifact.sha256);
  if (meta)
    return {
      mime: meta.mime_type,
      size: meta.size,
      body: Readable.from(chunksOf(db, meta.sha256, meta.chunks), { objectMode: false }),
    };
  // An artifact received with its bytes inline (`payload_bin`, e.g. from MISP).
  const payload = await payloadOf(db, artifact.added);
  if (!payload) return null;
  const kind = await detectType(payload, '');
  return {
    mime: 'mime' in kind ? kind.mime : 'application/octet-stream',
    size: payload.length,
    body: Readable.from([payload]),
  };
}

/**
 * A file attached to an object, for a reader who may read its `file` and the verified `artifact`
 * that carries its content. Anyone else gets the same 404 as for a file that does not exist.
 */
export async function openAttachment(
  db: Db,
  actor: Actor,
  fileId: string,
  inline: boolean,
): Promise<Download> {
  const reader = readerOf(actor);
  const [file] = await listVisible(db, reader, { ids: [fileId], types: ['file'] }, 1);
  if (!file) throw notFound('file');
  const body = JSON.parse(file.body) as Record<string, unknown>;
  const artifactId = typeof body.content_ref === 'string' ? body.content_ref : '';
  const artifact = artifactId ? await readableArtifact(db, reader, { artifactId }) : null;
  const content = artifact ? await contentOf(db, artifact) : null;
  if (!artifact || !content) throw notFound('file');
  await auditSensitiveReads(db, actor, [file, artifact], 'api.file');
  const name =
    cleanFileName(typeof body.name === 'string' ? body.name : '') || `${artifact.sha256}`;
  return { name, ...content, inline: inline && INLINE_IMAGES.has(content.mime) };
}

/** A content by its hash, for a peer (or client) that may read a verified artifact carrying it. */
export async function openContent(
  db: Db,
  actor: Actor,
  reader: Reader,
  sha256: string,
): Promise<Download> {
  const artifact = await readableArtifact(db, reader, { sha256: sha256.toLowerCase() });
  const content = artifact ? await contentOf(db, artifact) : null;
  if (!artifact || !content) throw notFound('file');
  await auditSensitiveReads(db, actor, [artifact], 'api.file');
  return { name: sha256, ...content, inline: false };
}

/** A peer as the file fetcher needs it: where it is, whose account, which local member holds. */
export interface FilePeer {
  name: string;
  url: string;
  username: string;
  secret: string;
  memberId: string;
}

export interface PeerFiles {
  fetched: number;
  failed: string[];
}

/** Fetches files pulled per pull, at most (the next pull takes the rest). */
const FILES_PER_PULL = 50;

/**
 * After a pull: the bytes of the artifacts it brought, fetched from the peer itself (never from
 * whatever host an artifact's `url` names: the peer's credentials go to the peer only), by hash,
 * with the federation header (the peer serves only what may leave it). Each content is checked
 * against its hash and the size limit before it is stored; the artifacts that carry it are then
 * verified, so readers may open them.
 */
export async function fetchPeerFiles(db: Db, config: Config, peer: FilePeer): Promise<PeerFiles> {
  const result: PeerFiles = { fetched: 0, failed: [] };
  const hashes = await unverifiedPulled(db, peer.memberId, FILES_PER_PULL);
  const origin = new URL(peer.url).origin;
  const auth = `Basic ${Buffer.from(`${peer.username}:${peer.secret}`).toString('base64')}`;
  for (const sha256 of hashes) {
    try {
      const res = await fetch(`${origin}/api/v1/files/${sha256}`, {
        headers: { authorization: auth, [FEDERATION_HEADER]: '1' },
        signal: AbortSignal.timeout(60_000),
        redirect: 'error',
      });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const length = Number(res.headers.get('content-length'));
      if (Number.isFinite(length) && length > config.fileLimitBytes) throw new Error('too large');
      const upload = await readUpload(
        Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
        config.fileLimitBytes,
      );
      if (upload.sha256 !== sha256) throw new Error('the bytes do not match the hash');
      const kind = await detectType(Buffer.concat(upload.chunks, upload.size), '');
      const mime = 'mime' in kind ? kind.mime : 'application/octet-stream';
      await db.transaction().execute(async (trx) => {
        await storeFile(
          trx,
          {
            sha256,
            size: upload.size,
            mime_type: mime,
            chunks: upload.chunks.length,
            created_at: new Date().toISOString(),
          },
          upload.chunks,
        );
        await markVerifiedByHash(trx, sha256, peer.memberId);
      });
      result.fetched += 1;
    } catch (e) {
      result.failed.push(`${sha256}: ${(e as Error).message}`);
    }
  }
  return result;
}
