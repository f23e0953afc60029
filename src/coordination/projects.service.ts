import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type {
  Contact,
  Domain,
  NewDomain,
  OrgInput,
  Project,
  ProjectFilters,
  ProjectInput,
  ProjectPage,
} from '../../contract/coordination.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { listMembers, loadDirectory } from '../members/members.repository.ts';
import { canWrite, isInstanceAdmin } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  answeredNeeds,
  countProjects,
  deleteProject as deleteProjectRow,
  insertDomain,
  insertProject,
  listDomains,
  nextDomainPosition,
  projectPage,
  projectParts,
  replaceProject,
  visibleProject,
  type ProjectFilter,
  type ProjectParts,
} from './projects.repository.ts';
import type { PartyRole, ProjectsTable, ProjectStatus } from './projects.table.ts';
import { AUDITED_TLP, presentSharing, resolveSharing, type SharingRequest } from './sharing.ts';
import { indexRecords, unindexRecords } from './search.documents.ts';
import { presentTexts, requireText, textColumns } from './texts.ts';
import { checkCountry, checkCurrency, checkDay, invalid, isDay, MemberIndex } from './validate.ts';

export const PROJECT_STATUSES: ProjectStatus[] = [
  'pipeline',
  'active',
  'completed',
  'suspended',
  'cancelled',
];

export function presentDomain(row: {
  key: string;
  name_ar: string;
  name_fr: string;
  name_en: string;
}): Domain {
  return { key: row.key, names: { ar: row.name_ar, fr: row.name_fr, en: row.name_en } };
}

export async function domains(db: Db): Promise<Domain[]> {
  return (await listDomains(db)).map(presentDomain);
}

/** Instance admins extend the controlled list of domains as the group needs them. */
export async function addDomain(db: Db, actor: Actor, input: NewDomain): Promise<Domain> {
  if (!isInstanceAdmin(actor))
    throw new AppError(403, 'forbidden', 'only an instance admin adds domains');
  const existing = await listDomains(db);
  if (existing.some((d) => d.key === input.key))
    throw new AppError(409, 'conflict', `key: domain "${input.key}" exists`, 'key');
  const row = {
    key: input.key,
    name_ar: input.names.ar.trim(),
    name_fr: input.names.fr.trim(),
    name_en: input.names.en.trim(),
    position: await nextDomainPosition(db),
    created_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await insertDomain(trx, row);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'domain.create',
        subject: row.key,
        detail: { names: input.names },
      },
    ]);
  });
  return presentDomain(row);
}

/** A project ready to be written: its columns (without identity and timestamps) and parts. */
export interface ProjectDraft {
  columns: Omit<ProjectsTable, 'id' | 'created_by' | 'created_at' | 'updated_at'>;
  parts: ProjectParts;
}

/** What `buildProject` needs besides the input: the members, the domain keys. */
export interface BuildContext {
  members: MemberIndex;
  domainKeys: Set<string>;
}

export async function buildContext(db: Db): Promise<BuildContext> {
  const [members, list] = await Promise.all([listMembers(db), listDomains(db)]);
  return { members: new MemberIndex(members), domainKeys: new Set(list.map((d) => d.key)) };
}

function orgParty(
  field: string,
  org: OrgInput,
  role: PartyRole,
  members: MemberIndex,
): ProjectParts['parties'][number] {
  const name = org.name?.trim();
  if (org.member && name) throw invalid(field, 'give a member code or a name, not both');
  if (org.member)
    return {
      role,
      member_id: members.require(`${field}.member`, org.member).id,
      name: null,
      ref: null,
    };
  if (!name) throw invalid(field, 'give a member code or the name of an organisation');
  const member = members.byName(name);
  return member
    ? { role, member_id: member.id, name: null, ref: null }
    : { role, member_id: null, name, ref: null };
}

function cleanContacts(contacts: Contact[] | undefined): Contact[] {
  return (contacts ?? [])
    .map((c) => ({
      name: c.name.trim(),
      ...(c.organisation?.trim() ? { organisation: c.organisation.trim() } : {}),
      ...(c.email?.trim() ? { email: c.email.trim() } : {}),
      ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}),
    }))
    .filter((c) => c.name || c.email || c.phone);
}

/**
 * Checks a project as written by a person (API, UI, CSV) and turns it into columns and parts.
 * Sharing is resolved separately (it needs the database). Every error names its field.
 */
export function buildProject(
  input: Omit<ProjectInput, 'audience' | 'tlp' | 'federate'>,
  ctx: BuildContext,
): Omit<ProjectDraft, 'columns'> & {
  columns: Omit<
    ProjectDraft['columns'],
    | keyof import('./projects.table.ts').EnvelopeColumns
    | 'source'
    | 'exercise'
    | 'iati_identifier'
    | 'iati_reporting_org_ref'
    | 'iati_reporting_org_name'
    | 'iati_hash'
  >;
} {
  requireText('title', input.title);
  const starts = checkDay('starts_on', input.starts_on);
  const ends = input.ends_on ? checkDay('ends_on', input.ends_on) : null;
  if (ends && ends < starts) throw invalid('ends_on', `${ends} is before starts_on ${starts}`);
  if (!PROJECT_STATUSES.includes(input.status))
    throw invalid('status', `use one of ${PROJECT_STATUSES.join(', ')}`);
  const countries = input.countries.map((c, i) => ({
    iso2: checkCountry(`countries[${i}].country`, c.country),
    admin1: c.admin1?.trim() || null,
    percentage: c.percentage ?? null,
  }));
  const seen = new Set<string>();
  countries.forEach((c, i) => {
    const key = `${c.iso2}/${c.admin1 ?? ''}`;
    if (seen.has(key)) throw invalid(`countries[${i}]`, `${c.iso2} is listed twice`);
    seen.add(key);
  });
  const domainList = [...new Set(input.domains)];
  domainList.forEach((d, i) => {
    if (!ctx.domainKeys.has(d))
      throw invalid(`domains[${i}]`, `unknown domain "${d}" (GET /api/v1/domains lists them)`);
  });
  if (input.donors.length === 0) throw invalid('donors', 'name at least one donor');
  const parties = [
    ...input.donors.map((d, i) => orgParty(`donors[${i}]`, d, 'funding', ctx.members)),
    ...(input.implementers ?? []).map((d, i) =>
      orgParty(`implementers[${i}]`, d, 'implementing', ctx.members),
    ),
  ];
  const budget = input.budget ?? null;
  let currency = input.currency ? checkCurrency('currency', input.currency) : null;
  if (budget !== null && !currency)
    throw invalid('currency', 'a budget needs its currency (ISO 4217, e.g. EUR)');
  if (budget === null) currency = currency ?? null;
  return {
    columns: {
      ...textColumns('title', input.title),
      ...textColumns('description', input.description),
      starts_on: starts,
      ends_on: ends,
      status: input.status,
      budget,
      currency,
      contacts: JSON.stringify(cleanContacts(input.contacts)),
    },
    parts: { countries, regions: [], domains: domainList, sectors: [], parties, recipients: [] },
  };
}

/** Only the owner member's writers change a project (roles never widen this). */
function requireOwnerWriter(
  actor: Actor,
  row: Pick<ProjectsTable, 'owner_id'>,
  what = 'project',
): void {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  if (row.owner_id !== actor.memberId)
    throw new AppError(403, 'not_owner', `${what}: only its owner member changes it`);
}

const auditEntry = (
  actor: Actor,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
): AuditEntry => ({
  actor: actor.username,
  member: actor.memberCode,
  action,
  subject,
  detail,
});

export async function createProject(db: Db, actor: Actor, input: ProjectInput): Promise<Project> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const ctx = await buildContext(db);
  const built = buildProject(input, ctx);
  const sharing = await resolveSharing(db, actor, input as SharingRequest);
  const now = new Date().toISOString();
  const row: ProjectsTable = {
    id: randomUUID(),
    ...built.columns,
    ...sharing.columns,
    source: 'local',
    exercise: 0,
    iati_identifier: null,
    iati_reporting_org_ref: null,
    iati_reporting_org_name: null,
    iati_hash: null,
    created_by: actor.username,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await insertProject(trx, row, { ...built.parts, recipients: sharing.recipients });
    await indexRecords(trx, 'project', [row.id]);
    await appendAudit(trx, [
      auditEntry(actor, 'project.create', row.id, {
        title: built.columns.title_en ?? built.columns.title_fr ?? built.columns.title_ar,
        tlp: row.tlp,
        audience: row.audience,
      }),
    ]);
  });
  return getProject(db, actor, row.id);
}

export async function updateProject(
  db: Db,
  actor: Actor,
  id: string,
  input: ProjectInput,
): Promise<Project> {
  const existing = await visibleProject(db, readerOf(actor), id);
  if (!existing) throw notFound('project');
  requireOwnerWriter(actor, existing);
  const ctx = await buildContext(db);
  const built = buildProject(input, ctx);
  const sharing = await resolveSharing(db, actor, input as SharingRequest);
  const row: ProjectsTable = {
    ...existing,
    ...built.columns,
    ...sharing.columns,
    updated_at: new Date().toISOString(),
  };
  // Parts a person does not edit (IATI sectors and regions, other roles) stay as imported.
  const [kept] = [(await projectParts(db, [id])).get(id)!];
  const parties = [
    ...built.parts.parties,
    ...kept.parties.filter((p) => p.role === 'accountable' || p.role === 'extending'),
  ];
  await db.transaction().execute(async (trx) => {
    await replaceProject(trx, row, {
      ...built.parts,
      parties,
      regions: kept.regions,
      sectors: kept.sectors,
      recipients: sharing.recipients,
    });
    await indexRecords(trx, 'project', [id]);
    await appendAudit(trx, [
      auditEntry(actor, 'project.update', id, { tlp: row.tlp, audience: row.audience }),
    ]);
  });
  return getProject(db, actor, id);
}

export async function deleteProject(db: Db, actor: Actor, id: string): Promise<void> {
  const existing = await visibleProject(db, readerOf(actor), id);
  if (!existing) throw notFound('project');
  requireOwnerWriter(actor, existing);
  await db.transaction().execute(async (trx) => {
    await deleteProjectRow(trx, id);
    await unindexRecords(trx, 'project', [id]);
    await appendAudit(trx, [
      auditEntry(actor, 'project.delete', id, { iati_identifier: existing.iati_identifier }),
    ]);
  });
}

/** Rows to API objects, with their parts, in one query per part table. */
export async function presentProjects(
  db: Db,
  actor: Actor,
  rows: ProjectsTable[],
): Promise<Project[]> {
  const ids = rows.map((r) => r.id);
  const [dir, parts, answers] = await Promise.all([
    loadDirectory(db),
    projectParts(db, ids),
    answeredNeeds(db, readerOf(actor), ids),
  ]);
  const code = (memberId: string | null) =>
    memberId ? (dir.memberCode.get(memberId) ?? memberId) : null;
  return rows.map((row) => {
    const p = parts.get(row.id)!;
    return {
      id: row.id,
      title: presentTexts(row, 'title'),
      description: presentTexts(row, 'description'),
      parties: p.parties.map((party) => ({
        role: party.role,
        member: code(party.member_id),
        name: party.name,
        ref: party.ref,
      })),
      countries: p.countries.map((c) => ({
        country: c.iso2,
        admin1: c.admin1,
        percentage: c.percentage,
      })),
      regions: p.regions,
      domains: p.domains,
      sectors: p.sectors,
      starts_on: row.starts_on,
      ends_on: row.ends_on,
      status: row.status,
      budget: row.budget === null ? null : Number(row.budget),
      currency: row.currency,
      contacts: JSON.parse(row.contacts) as Contact[],
      source: row.source,
      iati_identifier: row.iati_identifier,
      reporting_org:
        row.iati_reporting_org_ref || row.iati_reporting_org_name
          ? { ref: row.iati_reporting_org_ref, name: row.iati_reporting_org_name }
          : null,
      answers: answers.get(row.id) ?? [],
      exercise: row.exercise === 1,
      may_edit: canWrite(actor) && row.owner_id === actor.memberId,
      created_at: row.created_at,
      updated_at: row.updated_at,
      ...presentSharing(row, dir, p.recipients),
    };
  });
}

/** FIRST TLP 2.0: reads of AMBER+STRICT and RED are written to the audit log. */
export async function auditSensitive(
  db: Db,
  actor: Actor,
  kind: string,
  rows: { id: string; tlp: string }[],
  surface: string,
): Promise<void> {
  const sensitive = rows.filter((r) => AUDITED_TLP.has(r.tlp));
  if (sensitive.length === 0) return;
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      auditEntry(actor, `${kind}.read`, sensitive.length === 1 ? sensitive[0]!.id : '', {
        surface,
        ids: sensitive.map((r) => r.id),
        tlp: [...new Set(sensitive.map((r) => r.tlp))],
      }),
    ]),
  );
}

export async function getProject(db: Db, actor: Actor, id: string): Promise<Project> {
  const row = await visibleProject(db, readerOf(actor), id);
  if (!row) throw notFound('project');
  await auditSensitive(db, actor, 'project', [row], 'api.get');
  return (await presentProjects(db, actor, [row]))[0]!;
}

export function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const value = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(value) || value < 0)
    throw new AppError(400, 'validation', 'cursor: not a cursor this server issued', 'cursor');
  return value;
}

export const encodeOffset = (offset: number) => Buffer.from(String(offset)).toString('base64url');

/** The API's project filters as a repository filter (member codes resolved, lists checked). */
export async function projectFilter(
  db: Db,
  f: ProjectFilters & { status?: string },
): Promise<ProjectFilter> {
  const statuses = f.status
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = statuses?.find((s) => !PROJECT_STATUSES.includes(s as ProjectStatus));
  if (bad)
    throw new AppError(
      400,
      'validation',
      `status: unknown status "${bad}" (use ${PROJECT_STATUSES.join(', ')})`,
      'status',
    );
  for (const key of ['from', 'to'] as const) {
    const day = f[key];
    if (day && !isDay(day))
      throw new AppError(400, 'validation', `${key}: "${day}" is not a date YYYY-MM-DD`, key);
  }
  if (f.from && f.to && f.to < f.from)
    throw new AppError(400, 'validation', `to: ${f.to} is before from ${f.from}`, 'to');
  let donor: ProjectFilter['donor'];
  if (f.donor) {
    const members = new MemberIndex(await listMembers(db));
    const member = members.find(f.donor) ?? members.byName(f.donor);
    donor = member ? { memberId: member.id } : { name: f.donor };
  }
  return {
    country: f.country?.toUpperCase(),
    domain: f.domain,
    statuses: statuses as ProjectStatus[] | undefined,
    donor,
    from: f.from,
    to: f.to,
    source: f.source,
    words: f.q?.split(/\s+/).filter(Boolean).slice(0, 8),
  };
}

export async function listProjects(
  db: Db,
  actor: Actor,
  filters: ProjectFilters,
  limit: number,
  cursor?: string,
): Promise<ProjectPage> {
  const offset = decodeOffset(cursor);
  const filter = await projectFilter(db, filters);
  const reader = readerOf(actor);
  const [rows, total] = await Promise.all([
    projectPage(db, reader, filter, limit + 1, offset),
    countProjects(db, reader, filter),
  ]);
  const page = rows.slice(0, limit);
  await auditSensitive(db, actor, 'project', page, 'api.list');
  return {
    items: await presentProjects(db, actor, page),
    total,
    next: rows.length > limit ? encodeOffset(offset + limit) : null,
  };
}

/** Every visible project matching, page by page, yielding between pages (exports). */
export async function* allVisibleProjects(
  db: Db,
  actor: Actor,
  filter: ProjectFilter,
  pageSize = 500,
): AsyncGenerator<Project[]> {
  const reader = readerOf(actor);
  for (let offset = 0; ; offset += pageSize) {
    const rows = await projectPage(db, reader, filter, pageSize, offset);
    if (rows.length > 0) yield await presentProjects(db, actor, rows);
    if (rows.length < pageSize) return;
    await yieldToLoop();
  }
}
