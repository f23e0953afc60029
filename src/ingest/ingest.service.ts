import { createHash, randomUUID } from 'node:crypto';
import type {
  Draft,
  DraftReview,
  DraftSummary,
  Extraction,
  IngestRequest,
  LinkTargets,
  PublishRequest,
  PublishResult,
  ReviewedIncident,
} from '../../contract/ingest.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { memberById, membersByCodes } from '../members/members.repository.ts';
import { resolveAudience } from '../members/audience.service.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { canWrite } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { Reader } from '../policy/access.ts';
import { INCIDENT_EXTENSION_ID, type IncidentFacts } from '../stix/extensions.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../stix/tlp.ts';
import { ArticleError } from './article.errors.ts';
import type { ArticleDraftsTable } from './draft.table.ts';
import { indexDrafts, unindexDrafts } from './draft.search.ts';
import {
  claimDraft,
  deleteDraft as deleteDraftRow,
  draftFor,
  draftsFor,
  insertDraft,
  updateDraft,
  visibleEntities,
  visibleTranslations,
  type DraftListRow,
  type DraftRow,
} from './draft.repository.ts';
import { extractInWorker } from './extractor.ts';
import type { StoreGroup } from './extract.ts';

/**
 * Article ingestion: an analyst's article becomes a draft (an extraction and its review) that only
 * the analyst's member reads, then, once reviewed, a STIX report with its incidents, published under
 * an audience and a TLP level like any report.
 */

const GROUP_TYPES = ['intrusion-set', 'threat-actor'];
const STORE_LIMIT = 5000;

function requireWriter(actor: Actor): void {
  if (!canWrite(actor))
    throw new AppError(
      403,
      'forbidden',
      'this account may not write: drafts are written by analysts',
    );
}

function names(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    : [];
}

/** The groups the reader may see, with every name they carry (aliases and translations). */
export async function storeGroupsFor(db: Db, reader: Reader): Promise<StoreGroup[]> {
  const rows = await visibleEntities(db, reader, GROUP_TYPES, STORE_LIMIT);
  const groups = new Map<string, StoreGroup>();
  for (const row of rows) {
    const o = JSON.parse(row.body) as Record<string, unknown>;
    if (typeof o.name !== 'string') continue;
    groups.set(row.stix_id, { id: row.stix_id, name: o.name, aliases: names(o.aliases) });
  }
  for (const row of await visibleTranslations(db, reader, [...groups.keys()])) {
    const g = groups.get(row.stix_id);
    const lc = JSON.parse(row.body) as { contents?: Record<string, Record<string, unknown>> };
    if (!g) continue;
    for (const fields of Object.values(lc.contents ?? {})) {
      if (typeof fields.name === 'string') g.aliases.push(fields.name);
      g.aliases.push(...names(fields.aliases));
    }
  }
  return [...groups.values()];
}

export async function linkTargets(db: Db, actor: Actor): Promise<LinkTargets> {
  const reader = readerOf(actor);
  const groups = await storeGroupsFor(db, reader);
  const places = (await visibleEntities(db, reader, ['location'], STORE_LIMIT)).flatMap((row) => {
    const o = JSON.parse(row.body) as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : typeof o.city === 'string' ? o.city : null;
    if (!name) return [];
    return [
      {
        id: row.stix_id,
        name,
        ...(typeof o.country === 'string' ? { country: o.country.toUpperCase() } : {}),
        ...(typeof o.latitude === 'number' ? { lat: o.latitude } : {}),
        ...(typeof o.longitude === 'number' ? { lon: o.longitude } : {}),
      },
    ];
  });
  return { groups: groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases })), places };
}

/** The review an extraction starts with: every entity proposed, the report named after the article. */
export function initialReview(x: Extraction): DraftReview {
  const paragraphs = x.text.split('\n').filter((p) => p.trim() && p !== x.title);
  let description = '';
  for (const p of paragraphs) {
    if (description.length + p.length > 1500) break;
    description += (description ? '\n\n' : '') + p;
  }
  const firstLine = x.text.split('\n').find((l) => l.trim()) ?? '';
  const name = (x.title || firstLine.slice(0, 200)).trim();
  return {
    report: { name: name.slice(0, 500), description: description.slice(0, 20_000) },
    people: x.people.map((p) => ({
      status: 'proposed',
      name: p.name,
      ...(p.role ? { role: p.role } : {}),
      offsets: p.offsets,
    })),
    organizations: x.organizations.map((o) => ({
      status: 'proposed',
      name: o.name,
      offsets: o.offsets,
    })),
    groups: x.groups.map((g) => ({
      status: 'proposed',
      name: g.name,
      ...(g.key ? { key: g.key } : {}),
      ...(g.ref ? { ref: g.ref } : {}),
      offsets: g.offsets,
    })),
    places: x.places.map((p) => ({
      status: 'proposed',
      name: p.name,
      text: p.text,
      kind: p.kind,
      ...(p.country ? { country: p.country } : {}),
      ...(p.admin1 ? { admin1: p.admin1 } : {}),
      ...(p.lat !== undefined ? { lat: p.lat } : {}),
      ...(p.lon !== undefined ? { lon: p.lon } : {}),
      offsets: p.offsets,
    })),
    dates: x.dates.map((d) => ({
      status: 'proposed',
      text: d.text,
      date: d.date,
      offsets: d.offsets,
    })),
    incidents: x.incidents.map((i, n) => ({
      status: 'proposed',
      name: incidentName(x, i, n),
      ...(i.date ? { date: i.date } : {}),
      ...(i.country ? { country: i.country } : {}),
      ...(i.admin1 ? { admin1: i.admin1 } : {}),
      ...(i.location ? { location: i.location } : {}),
      ...(i.lat !== undefined ? { lat: i.lat } : {}),
      ...(i.lon !== undefined ? { lon: i.lon } : {}),
      ...(i.fatalities !== undefined ? { fatalities: i.fatalities } : {}),
      ...(i.wounded !== undefined ? { wounded: i.wounded } : {}),
      ...(i.kidnapped !== undefined ? { kidnapped: i.kidnapped } : {}),
      event_type: i.event_type,
      group_refs: i.group_refs,
      groups: i.groups,
      summary: i.summary.slice(0, 20_000),
    })),
  };
}

function incidentName(x: Extraction, i: Extraction['incidents'][number], n: number): string {
  const where = i.location ?? i.admin1 ?? i.country ?? '';
  const when = i.date ?? x.published ?? '';
  const label = [where, when].filter(Boolean).join(', ');
  return `${x.title ? x.title.slice(0, 120) : 'Incident'} — ${label || `#${n + 1}`}`.slice(0, 300);
}

const ARTICLE_ERRORS: Record<
  ArticleError['code'],
  [number, 'empty_article' | 'not_text' | 'payload_too_large' | 'unsupported_language']
> = {
  empty_article: [422, 'empty_article'],
  not_text: [415, 'not_text'],
  article_too_large: [413, 'payload_too_large'],
  unsupported_language: [422, 'unsupported_language'],
};

export async function ingestArticle(db: Db, actor: Actor, req: IngestRequest): Promise<Draft> {
  requireWriter(actor);
  const reader = readerOf(actor);
  const storeGroups = await storeGroupsFor(db, reader);
  let extraction: Extraction;
  try {
    extraction = await extractInWorker(req.content, {
      ...(req.published ? { published: req.published } : {}),
      ...(req.source ? { source: req.source } : {}),
      storeGroups,
    });
  } catch (e) {
    if (e instanceof ArticleError) {
      const [status, code] = ARTICLE_ERRORS[e.code];
      throw new AppError(status, code, e.message, 'content');
    }
    throw e;
  }
  const now = new Date().toISOString();
  const row: ArticleDraftsTable = {
    id: `draft--${randomUUID()}`,
    owner_id: actor.memberId,
    audience: 'member',
    audience_group_id: null,
    tlp: 'clear',
    federate: 0,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    status: 'draft',
    language: extraction.language,
    title: (extraction.title || initialReview(extraction).report.name).slice(0, 500),
    source: extraction.source ?? null,
    published: extraction.published ?? null,
    extraction: JSON.stringify(extraction),
    review: JSON.stringify(initialReview(extraction)),
    report_id: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertDraft(trx, row);
    await indexDrafts(trx, [row.id]);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'ingest.draft',
        subject: row.id,
        detail: {
          language: row.language,
          bytes: Buffer.byteLength(req.content),
          source: row.source,
          filename: req.filename ?? null,
        },
      },
    ]);
  });
  return presentDraft(db, { ...row, author: actor.username });
}

async function presentDraft(db: Db, row: DraftRow): Promise<Draft> {
  const owner = await memberById(db, row.owner_id);
  return {
    ...presentSummary(row),
    owner: owner?.code ?? '?',
    source: row.source,
    published: row.published,
    extraction: JSON.parse(row.extraction) as Extraction,
    review: JSON.parse(row.review) as DraftReview,
  };
}

function presentSummary(row: DraftListRow): DraftSummary {
  return {
    id: row.id,
    status: row.status === 'published' ? 'published' : 'draft',
    created_by: row.author ?? '?',
    created_at: row.created_at,
    updated_at: row.updated_at,
    language: row.language,
    title: row.title,
    report_id: row.report_id,
  };
}

export async function listDrafts(db: Db, actor: Actor, limit = 100): Promise<DraftSummary[]> {
  return (await draftsFor(db, readerOf(actor), limit)).map(presentSummary);
}

export async function getDraft(db: Db, actor: Actor, id: string): Promise<Draft> {
  const row = await draftFor(db, readerOf(actor), id);
  if (!row) throw notFound('draft');
  return presentDraft(db, row);
}

/** Offsets of a review must point inside the article: a corrected entity keeps where it was read. */
function checkReview(review: DraftReview, text: string): void {
  const lists = [
    review.people,
    review.organizations,
    review.groups,
    review.places,
    review.dates,
  ] as const;
  const names = ['people', 'organizations', 'groups', 'places', 'dates'];
  lists.forEach((list, k) =>
    list.forEach((entity, i) =>
      entity.offsets.forEach((o, j) => {
        if (o.end < o.start || o.end > text.length)
          throw new AppError(
            422,
            'validation',
            `review.${names[k]}[${i}].offsets[${j}]: outside the article (0 to ${text.length})`,
            `review.${names[k]}[${i}].offsets`,
          );
      }),
    ),
  );
}

export async function saveReview(
  db: Db,
  actor: Actor,
  id: string,
  review: DraftReview,
): Promise<Draft> {
  requireWriter(actor);
  const reader = readerOf(actor);
  const row = await draftFor(db, reader, id);
  if (!row) throw notFound('draft');
  if (row.status !== 'draft')
    throw new AppError(
      409,
      'conflict',
      'status: this draft is published; its report has versions of its own',
    );
  checkReview(review, (JSON.parse(row.extraction) as Extraction).text);
  const updated_at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await updateDraft(trx, reader, id, {
      review: JSON.stringify(review),
      updated_at,
      title: review.report.name.trim() || row.title,
    });
    await indexDrafts(trx, [id]);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'ingest.review',
        subject: id,
        detail: {},
      },
    ]);
  });
  return getDraft(db, actor, id);
}

export async function removeDraft(db: Db, actor: Actor, id: string): Promise<void> {
  requireWriter(actor);
  await db.transaction().execute(async (trx) => {
    if ((await deleteDraftRow(trx, readerOf(actor), id)) === 0) throw notFound('draft');
    await unindexDrafts(trx, [id]);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'ingest.delete',
        subject: id,
        detail: {},
      },
    ]);
  });
}

/** A STIX id derived from the draft, so that a repeated publish names the same objects. */
function derivedId(type: string, draftId: string, part: string): string {
  const h = createHash('sha256').update(`${draftId}\u0000${part}`).digest('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function incidentFacts(
  i: ReviewedIncident,
  index: number,
  fallbackDate: string | null,
  source: string,
): IncidentFacts {
  const date = i.date ?? fallbackDate;
  if (!i.country)
    throw new AppError(
      422,
      'validation',
      `review.incidents[${index}].country: say in which country it happened`,
      `review.incidents[${index}].country`,
    );
  if (!date)
    throw new AppError(
      422,
      'validation',
      `review.incidents[${index}].date: give the date of the event`,
      `review.incidents[${index}].date`,
    );
  return {
    extension_type: 'property-extension',
    event_date: date.slice(0, 10),
    time_precision: i.date ? 1 : 3,
    event_type: i.event_type,
    ...(i.group_refs.length ? { actors: i.group_refs } : {}),
    country: i.country,
    ...(i.admin1 ? { admin1: i.admin1 } : {}),
    ...(i.location ? { location: i.location } : {}),
    ...(i.lat !== undefined && i.lon !== undefined
      ? { latitude: i.lat, longitude: i.lon, geo_precision: i.location ? 1 : 3 }
      : {}),
    ...(i.fatalities !== undefined ? { fatalities: i.fatalities } : {}),
    ...(i.wounded !== undefined ? { wounded: i.wounded } : {}),
    ...(i.kidnapped !== undefined ? { kidnapped: i.kidnapped } : {}),
    source,
    notes: i.summary.slice(0, 2000),
  };
}

/**
 * Publishes a reviewed draft: a `report` (the article as its external reference) and an `incident`
 * per kept incident, through the store like any write (TLP and audience rules, ownership, audit,
 * projections). The draft is claimed first, so two publishes of one draft cannot both succeed.
 */
export async function publishDraft(
  db: Db,
  actor: Actor,
  id: string,
  req: PublishRequest,
): Promise<PublishResult> {
  requireWriter(actor);
  const reader = readerOf(actor);
  const row = await draftFor(db, reader, id);
  if (!row) throw notFound('draft');
  if (row.status !== 'draft')
    throw new AppError(
      409,
      'conflict',
      `status: this draft is already ${row.status === 'published' ? 'published' : 'being published'}`,
    );
  const extraction = JSON.parse(row.extraction) as Extraction;
  const review = req.review ?? (JSON.parse(row.review) as DraftReview);
  if (req.review) checkReview(review, extraction.text);
  if (!review.report.name.trim())
    throw new AppError(
      422,
      'validation',
      'review.report.name: give the report a name',
      'review.report.name',
    );
  const tlp: TlpLevel = req.tlp ?? 'clear';
  const audience = await resolveAudience(db, actor, req.audience);
  const member = await memberById(db, actor.memberId);
  const now = new Date().toISOString();
  const marking = [TLP2_MARKING_IDS[tlp]];
  const source = extraction.source ?? row.title;
  const external = {
    source_name: 'article',
    ...(extraction.source && /^https?:\/\//.test(extraction.source)
      ? { url: extraction.source }
      : {}),
    description: `${row.title}${extraction.published ? ` (${extraction.published})` : ''}`.slice(
      0,
      1000,
    ),
  };
  const kept = review.incidents
    .map((i, index) => ({ i, index }))
    .filter(({ i }) => i.status !== 'dropped');
  const incidents = kept.map(({ i, index }) => ({
    type: 'incident',
    spec_version: '2.1',
    id: derivedId('incident', id, `incident-${index}`),
    created: now,
    modified: now,
    created_by_ref: member!.identity_id,
    name: i.name.trim() || `Incident ${index + 1}`,
    description: i.summary,
    lang: extraction.language,
    external_references: [external],
    object_marking_refs: marking,
    extensions: {
      [INCIDENT_EXTENSION_ID]: incidentFacts(i, index, extraction.published ?? null, source),
    },
  }));
  const linkedGroups = review.groups
    .filter((g) => g.status !== 'dropped' && g.ref)
    .map((g) => g.ref!);
  const linkedPlaces = review.places
    .filter((p) => p.status !== 'dropped' && p.ref)
    .map((p) => p.ref!);
  const memberCodes = review.people
    .filter((p) => p.status !== 'dropped' && p.member)
    .map((p) => p.member!);
  const linkedMembers = (await membersByCodes(db, memberCodes)).map((m) => m.identity_id);
  const refs = [
    ...new Set([...incidents.map((o) => o.id), ...linkedGroups, ...linkedPlaces, ...linkedMembers]),
  ];
  const reportId = derivedId('report', id, 'report');
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: reportId,
    created: now,
    modified: now,
    created_by_ref: member!.identity_id,
    name: review.report.name.trim(),
    ...(review.report.description.trim() ? { description: review.report.description.trim() } : {}),
    lang: extraction.language,
    published: now,
    report_types: ['threat-report'],
    object_refs: refs.length ? refs : [member!.identity_id],
    external_references: [external],
    labels: ['article-ingestion'],
    object_marking_refs: marking,
  };

  // Claim the draft; give it back if the store refuses the objects.
  if (!(await claimDraft(db, reader, id)))
    throw new AppError(409, 'conflict', 'status: this draft is being published');
  try {
    const outcome = await storeObjects(db, actor, {
      objects: [...incidents, report],
      audience,
      federate: req.federate ?? false,
      tlp,
      source: 'ingest',
    });
    const rejected = outcome.results.find((r) => r.status === 'rejected');
    if (rejected && rejected.status === 'rejected') {
      const e = rejected.errors[0];
      const what =
        rejected.index < incidents.length
          ? `review.incidents[${kept[rejected.index]!.index}]`
          : 'review.report';
      throw new AppError(
        422,
        rejected.code === 'tlp_violation' ? 'tlp_violation' : 'validation',
        `${what}: ${e?.path ?? ''} ${e?.reason ?? 'rejected'}`.trim(),
        what,
      );
    }
  } catch (e) {
    await updateDraft(db, reader, id, { status: 'draft' });
    throw e;
  }
  await db.transaction().execute(async (trx) => {
    await updateDraft(trx, reader, id, {
      status: 'published',
      report_id: reportId,
      review: JSON.stringify(review),
      updated_at: new Date().toISOString(),
    });
    await indexDrafts(trx, [id]);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'ingest.publish',
        subject: id,
        detail: { report: reportId, incidents: incidents.length, tlp, audience: req.audience },
      },
    ]);
  });
  return {
    report_id: reportId,
    incident_ids: incidents.map((o) => o.id),
    object_ids: [reportId, ...incidents.map((o) => o.id)],
  };
}
