import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImportJob } from '../../contract/picture.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import { canWrite } from '../policy/roles.ts';
import { sharingViolation } from '../policy/sharing.ts';
import type { Actor } from '../policy/viewer.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import { importEvents, type ImportProgress } from './events.import.ts';
import type { PictureImportsTable } from './picture.table.ts';
import { importById, importsOfUser, insertImport, updateImport } from './picture.repository.ts';

/** A job whose process stopped (a restart) stops beating; after this long it shows as failed. */
const STALE_MS = 2 * 60_000;

export function parseAudienceSpec(value: string): AudienceSpec {
  return value.startsWith('recipients:')
    ? { recipients: value.slice('recipients:'.length).split(',').filter(Boolean) }
    : value;
}

function present(row: PictureImportsTable, now = Date.now()): ImportJob {
  const stale = row.state === 'running' && now - Date.parse(row.heartbeat_at) > STALE_MS;
  return {
    id: row.id,
    state: stale ? 'failed' : row.state,
    file_name: row.file_name,
    dataset: row.dataset,
    rows: row.rows,
    processed: row.processed,
    stored: row.stored,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    not_owner: row.not_owner,
    errors: JSON.parse(row.errors) as ImportJob['errors'],
    unknown_actors: JSON.parse(row.unknown_actors) as ImportJob['unknown_actors'],
    message: stale ? 'interrupted: the server stopped during the import' : row.message,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

/** The 50 actor names most often left unmatched. */
export function unknownActorList(p: ImportProgress): { name: string; rows: number }[] {
  return [...p.unknownActors.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 50)
    .map(([name, rows]) => ({ name, rows }));
}

function progressColumns(p: ImportProgress): Partial<PictureImportsTable> {
  return {
    dataset: p.dataset,
    rows: p.rows,
    processed: p.processed,
    stored: p.stored,
    updated: p.updated,
    unchanged: p.unchanged,
    rejected: p.rejected,
    not_owner: p.not_owner,
    errors: JSON.stringify(p.errors),
    unknown_actors: JSON.stringify(unknownActorList(p)),
    heartbeat_at: new Date().toISOString(),
  };
}

export interface UploadRequest {
  fileName: string;
  body: Buffer;
  audience: string;
  tlp?: string;
  federate?: boolean;
}

/**
 * Starts importing an uploaded file: checks the handling first (a bad audience or TLP is a 4xx
 * before anything is read), answers with the job at once, and imports in the background; the job
 * row carries the progress every batch, so any app process can answer for it.
 */
export async function startImport(db: Db, actor: Actor, req: UploadRequest): Promise<ImportJob> {
  if (!canWrite(actor))
    throw new AppError(403, 'forbidden', 'this account may not write incidents');
  if (req.body.length === 0) throw new AppError(400, 'validation', 'file: empty', 'file');
  const tlp = (req.tlp ?? 'amber') as TlpLevel;
  if (!isTlpLevel(tlp))
    throw new AppError(
      400,
      'validation',
      'tlp: use clear, green, amber, amber+strict or red',
      'tlp',
    );
  const audience = await resolveAudience(db, actor, parseAudienceSpec(req.audience));
  const violation = sharingViolation(tlp, audience, req.federate ?? false);
  if (violation)
    throw new AppError(
      422,
      'tlp_violation',
      `${violation.message} (rule ${violation.rule})`,
      violation.field,
      violation.rule,
    );
  const now = new Date().toISOString();
  const row: PictureImportsTable = {
    id: randomUUID(),
    user_id: actor.userId,
    state: 'running',
    file_name: req.fileName.slice(0, 200),
    dataset: null,
    rows: 0,
    processed: 0,
    stored: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    not_owner: 0,
    errors: '[]',
    unknown_actors: '[]',
    message: null,
    started_at: now,
    finished_at: null,
    heartbeat_at: now,
  };
  await insertImport(db, row);
  void importEvents(
    db,
    actor,
    () => Readable.from([req.body]),
    {
      audience,
      tlp,
      federate: req.federate ?? false,
    },
    (p) => updateImport(db, row.id, progressColumns(p)),
  )
    .then((p) =>
      updateImport(db, row.id, {
        ...progressColumns(p),
        state: 'done',
        finished_at: new Date().toISOString(),
      }),
    )
    .catch((e: unknown) =>
      updateImport(db, row.id, {
        state: 'failed',
        message: e instanceof Error ? e.message : String(e),
        finished_at: new Date().toISOString(),
      }).catch(() => undefined),
    );
  return present(row);
}

/** An import the actor started (another person's job is not found). */
export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  const row = await importById(db, id);
  if (!row || row.user_id !== actor.userId) throw notFound('import');
  return present(row);
}

export async function listImports(db: Db, actor: Actor): Promise<ImportJob[]> {
  return (await importsOfUser(db, actor.userId, 20)).map((r) => present(r));
}
