import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ImportProblem, ImportResult } from '../../contract/coordination.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { memberById } from '../members/members.repository.ts';
import { canWrite } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { isTlpLevel } from '../stix/tlp.ts';
import { readIati, NotIatiError } from './iati.parse.ts';
import { mapActivity, UnreadableActivity, type MappedActivity } from './iati.map.ts';
import { readCsv, rowToInput, CsvSyntaxError } from './projects.csv.ts';
import {
  insertProjects,
  listDomains,
  projectParts,
  projectsByIati,
  projectsByIds,
  replaceProjects,
  type ProjectParts,
} from './projects.repository.ts';
import { buildContext, buildProject } from './projects.service.ts';
import type { ProjectsTable } from './projects.table.ts';
import { resolveSharing, type ResolvedSharing, type SharingRequest } from './sharing.ts';
import { indexRecords } from './search.documents.ts';

/** Upload limits: a register file, not a data dump. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
export const CSV_MAX_ROWS = 20_000;
/** Errors about many lines stay small: the first ones, and how many there were. */
const MAX_PROBLEMS = 200;

export type Progress = (phase: 'parse' | 'write', done: number, total: number) => void;

/** An import refused as a whole, with its line-numbered report. */
export class ImportRejected extends AppError {
  constructor(
    message: string,
    readonly problems: ImportProblem[],
    readonly count: number,
  ) {
    super(422, 'invalid_rows', message, 'file');
  }

  override toJSON() {
    return { ...super.toJSON(), rejected: this.count, problems: this.problems };
  }
}

interface Planned {
  id: string;
  /** Set when the entry exists: it is replaced, keeping its creation. */
  existing?: ProjectsTable;
  row: ProjectsTable;
  parts: ProjectParts;
  action: 'create' | 'update' | 'unchanged';
  identifier?: string;
}

function requireWriter(actor: Actor): void {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
}

/** Writes planned entries in transactions of `batch`, each entry audited in its transaction. */
async function writePlanned(
  db: Db,
  actor: Actor,
  planned: Planned[],
  source: 'csv' | 'iati',
  progress: Progress,
  batch: number,
): Promise<void> {
  const changes = planned.filter((p) => p.action !== 'unchanged');
  for (let i = 0; i < changes.length; i += batch) {
    const slice = changes.slice(i, i + batch);
    await db.transaction().execute(async (trx) => {
      await insertProjects(
        trx,
        slice.filter((p) => !p.existing),
      );
      await replaceProjects(
        trx,
        slice.filter((p) => p.existing),
      );
      await indexRecords(
        trx,
        'project',
        slice.map((p) => p.id),
      );
      const audit: AuditEntry[] = [];
      for (const p of slice) {
        audit.push({
          actor: actor.username,
          member: actor.memberCode,
          action: p.existing ? 'project.update' : 'project.create',
          subject: p.id,
          detail: {
            source,
            ...(p.identifier ? { iati_identifier: p.identifier } : {}),
            tlp: p.row.tlp,
            audience: p.row.audience,
          },
        });
      }
      await appendAudit(trx, audit);
    });
    progress('write', Math.min(i + batch, changes.length), changes.length);
    await yieldToLoop();
  }
}

function summary(
  format: 'csv' | 'iati',
  planned: Planned[],
  problems: ImportProblem[],
  rejected: number,
  warnings: ImportProblem[],
): ImportResult {
  return {
    format,
    created: planned.filter((p) => p.action === 'create').length,
    updated: planned.filter((p) => p.action === 'update').length,
    unchanged: planned.filter((p) => p.action === 'unchanged').length,
    rejected,
    problems: problems.slice(0, MAX_PROBLEMS),
    warnings: warnings.slice(0, MAX_PROBLEMS),
  };
}

async function auditImport(
  db: Db,
  actor: Actor,
  result: ImportResult,
  file: string | null,
): Promise<void> {
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'projects.import',
        subject: file,
        detail: {
          format: result.format,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejected,
        },
      },
    ]),
  );
}

/** A prepared import: every line checked; `run` writes it. */
export interface PreparedImport {
  total: number;
  run(progress: Progress): Promise<ImportResult>;
}

/**
 * CSV: every row is checked before anything is written; one bad row refuses the whole file with a
 * line-numbered report (nothing half-written). Rows with an `id` of the member's own project
 * replace it; others are created (keeping a given unused id, so an export imports back once).
 */
export async function prepareCsvImport(
  db: Db,
  actor: Actor,
  text: string,
  defaults: SharingRequest,
  progress: Progress = () => undefined,
): Promise<PreparedImport> {
  requireWriter(actor);
  const ctx = await buildContext(db);
  const domainRows = await listDomains(db);
  const domainKey = (token: string) => {
    const t = token.trim().toLowerCase();
    return domainRows.find((d) =>
      [d.key, d.name_en, d.name_fr, d.name_ar].some((n) => n.toLowerCase() === t),
    )?.key;
  };
  const problems: ImportProblem[] = [];
  const add = (line: number | null, field: string | null, message: string) => {
    problems.push({ line, identifier: null, field, message });
  };
  const sharingCache = new Map<string, Promise<ResolvedSharing>>();
  const sharingOf = (spec: SharingRequest) => {
    const key = JSON.stringify(spec);
    let found = sharingCache.get(key);
    if (!found) {
      found = resolveSharing(db, actor, spec);
      found.catch(() => undefined);
      sharingCache.set(key, found);
    }
    return found;
  };
  const rows: {
    line: number;
    id: string | undefined;
    built: ReturnType<typeof buildProject>;
    sharing: ResolvedSharing;
  }[] = [];
  const ids = new Map<string, number>();
  const approxTotal = Math.max(1, (text.match(/\n/g)?.length ?? 1) - 1);
  let count = 0;
  try {
    for await (const record of readCsv(text)) {
      count += 1;
      if (count > CSV_MAX_ROWS)
        throw new AppError(
          413,
          'payload_too_large',
          `file: more than ${CSV_MAX_ROWS} rows; split it`,
          'file',
        );
      if (count % 200 === 0) {
        progress('parse', count, approxTotal);
        await yieldToLoop();
      }
      if (record.problem) {
        add(record.line, null, record.problem);
        continue;
      }
      const parsed = rowToInput(record.values, {
        isMemberCode: (c) => ctx.members.find(c) !== undefined,
        domainKey,
      });
      if ('message' in parsed) {
        add(record.line, parsed.field, `${parsed.field}: ${parsed.message}`);
        continue;
      }
      try {
        const built = buildProject(parsed.input, ctx);
        const spec = parsed.sharing;
        if (spec.tlp && !isTlpLevel(spec.tlp))
          throw new AppError(422, 'validation', `tlp: unknown level "${spec.tlp}"`, 'tlp');
        if (spec.federate && !/^(true|false|yes|no|1|0)$/i.test(spec.federate))
          throw new AppError(
            422,
            'validation',
            `federate: "${spec.federate}" is not true or false`,
            'federate',
          );
        const audience = spec.audience ?? defaults.audience;
        const sharing = await sharingOf({
          audience:
            typeof audience === 'string' && audience.startsWith('recipients:')
              ? { recipients: audience.slice(11).split(',') }
              : audience,
          tlp: (spec.tlp as SharingRequest['tlp']) ?? defaults.tlp,
          federate: spec.federate ? /^(true|yes|1)$/i.test(spec.federate) : defaults.federate,
        });
        if (parsed.id) {
          if (!/^[0-9a-f-]{36}$/i.test(parsed.id))
            throw new AppError(422, 'validation', `id: "${parsed.id}" is not a project id`, 'id');
          const seenAt = ids.get(parsed.id);
          if (seenAt)
            throw new AppError(422, 'validation', `id: the same project as line ${seenAt}`, 'id');
          ids.set(parsed.id, record.line);
        }
        rows.push({ line: record.line, id: parsed.id, built, sharing });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        add(record.line, error.field ?? null, error.message);
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new ImportRejected(
        `file: not readable as CSV at line ${error.line ?? '?'}: ${error.message}`,
        [{ line: error.line, identifier: null, field: null, message: error.message }],
        1,
      );
    throw error;
  }
  const existing = new Map((await projectsByIds(db, [...ids.keys()])).map((p) => [p.id, p]));
  for (const row of rows) {
    const held = row.id ? existing.get(row.id) : undefined;
    if (held && held.owner_id !== actor.memberId)
      add(row.line, 'id', `id: ${row.id} is not one of your member's projects`);
  }
  if (rows.length === 0 && problems.length === 0)
    throw new ImportRejected('file: no project rows under the header', [], 0);
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ImportRejected(
      `file: ${problems.length} line${problems.length > 1 ? 's' : ''} cannot be imported; nothing was written (first at line ${problems[0]!.line})`,
      problems.slice(0, MAX_PROBLEMS),
      problems.length,
    );
  }
  // What a spreadsheet does not carry (IATI sectors and regions, other roles) stays as it was.
  const heldParts = await projectParts(db, [...existing.keys()]);
  const now = new Date().toISOString();
  const planned: Planned[] = rows.map((r) => {
    const held = r.id ? existing.get(r.id) : undefined;
    const kept = held ? heldParts.get(held.id) : undefined;
    const id = r.id ?? randomUUID();
    const row: ProjectsTable = {
      id,
      ...r.built.columns,
      ...r.sharing.columns,
      source: held?.source ?? 'csv',
      exercise: held?.exercise ?? 0,
      iati_identifier: held?.iati_identifier ?? null,
      iati_reporting_org_ref: held?.iati_reporting_org_ref ?? null,
      iati_reporting_org_name: held?.iati_reporting_org_name ?? null,
      iati_hash: null,
      created_by: held?.created_by ?? actor.username,
      created_at: held?.created_at ?? now,
      updated_at: now,
    };
    const parts: ProjectParts = {
      ...r.built.parts,
      parties: [
        ...r.built.parts.parties,
        ...(kept?.parties.filter((p) => p.role === 'accountable' || p.role === 'extending') ?? []),
      ],
      regions: kept?.regions ?? [],
      sectors: kept?.sectors ?? [],
      recipients: r.sharing.recipients,
    };
    return { id, existing: held, row, parts, action: held ? 'update' : 'create' };
  });
  return {
    total: planned.length,
    async run(onProgress) {
      await writePlanned(db, actor, planned, 'csv', onProgress, 500);
      const result = summary('csv', planned, [], 0, []);
      await auditImport(db, actor, result, null);
      return result;
    },
  };
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * IATI: each activity is read and mapped on its own; unreadable ones are reported by identifier
 * and line, the others written. The publishing member's entry for an identifier is updated in
 * place, and only when what the file says (or the sharing asked) changed: importing the same file
 * again changes nothing.
 */
export async function importIati(
  db: Db,
  actor: Actor,
  xml: string,
  sharingRequest: SharingRequest,
  progress: Progress = () => undefined,
  file: string | null = null,
): Promise<ImportResult> {
  requireWriter(actor);
  const sharing = await resolveSharing(db, actor, sharingRequest);
  const ctx = await buildContext(db);
  const importer = await memberById(db, actor.memberId);
  if (!importer) throw new AppError(401, 'unauthorized', 'account has no member');
  const total = Math.max(1, xml.match(/<iati-activity\b/g)?.length ?? 0);
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const mapped = new Map<string, { m: MappedActivity; line: number }>();
  let done = 0;
  try {
    for await (const outcome of readIati(xml)) {
      done += 1;
      if (done % 100 === 0) progress('parse', done, total);
      if (!outcome.ok) {
        problems.push({
          line: outcome.line,
          identifier: outcome.identifier,
          field: null,
          message: outcome.message,
        });
        continue;
      }
      const a = outcome.activity;
      if (mapped.has(a.identifier)) {
        warnings.push({
          line: a.line,
          identifier: a.identifier,
          field: 'iati-identifier',
          message: `the same identifier as line ${mapped.get(a.identifier)!.line}: this copy is skipped`,
        });
        continue;
      }
      try {
        const m = mapActivity(a, { ...ctx, importer });
        for (const w of m.warnings)
          warnings.push({
            line: a.line,
            identifier: a.identifier,
            field: w.split(':')[0] ?? null,
            message: w,
          });
        mapped.set(a.identifier, { m, line: a.line });
      } catch (error) {
        if (!(error instanceof UnreadableActivity)) throw error;
        problems.push({
          line: a.line,
          identifier: a.identifier,
          field: null,
          message: error.message,
        });
      }
    }
  } catch (error) {
    if (error instanceof NotIatiError)
      throw new AppError(422, 'validation', `file: ${error.message}`, 'file');
    throw error;
  }
  progress('parse', total, total);

  const now = new Date().toISOString();
  const planned: Planned[] = [];
  const entries = [...mapped.values()];
  for (let i = 0; i < entries.length; i += 500) {
    const slice = entries.slice(i, i + 500);
    const held = new Map(
      (
        await projectsByIati(
          db,
          actor.memberId,
          slice.map((e) => e.m.identifier),
        )
      ).map((p) => [p.iati_identifier!, p]),
    );
    const full = new Map(
      (
        await projectsByIds(
          db,
          [...held.values()].map((p) => p.id),
        )
      ).map((p) => [p.id, p]),
    );
    for (const { m } of slice) {
      const parts: ProjectParts = { ...m.parts, recipients: sharing.recipients };
      const hash = hashOf({ columns: m.columns, parts, sharing: sharing.columns });
      const existing = held.has(m.identifier) ? full.get(held.get(m.identifier)!.id) : undefined;
      const id = existing?.id ?? randomUUID();
      const row: ProjectsTable = {
        id,
        ...m.columns,
        ...sharing.columns,
        source: 'iati',
        exercise: existing?.exercise ?? 0,
        iati_hash: hash,
        created_by: existing?.created_by ?? actor.username,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      planned.push({
        id,
        existing,
        row,
        parts,
        identifier: m.identifier,
        action: !existing ? 'create' : existing.iati_hash === hash ? 'unchanged' : 'update',
      });
    }
    await yieldToLoop();
  }
  await writePlanned(db, actor, planned, 'iati', progress, 100);
  const result = summary('iati', planned, problems, problems.length, warnings);
  await auditImport(db, actor, result, file);
  return result;
}
