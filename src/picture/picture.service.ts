import { overviewMeetings } from '../coordination/meetings.service.ts';
import type {
  Correlation,
  GroupProfile,
  GroupSummary,
  IncidentPage,
  MapFigures,
  NewItem,
  Overview,
  PictureFilters,
  Reference,
  Trend,
  TrendBreakdown,
  TrendInterval,
} from '../../contract/picture.ts';
import type { Tlp } from '../../contract/api.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import { loadDirectory } from '../members/members.repository.ts';
import { ownerCode } from '../members/directory.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { formatMicros, parseMicros } from '../stix/timestamp.ts';
import { isCountryCode } from './countries.ts';
import { isCalendarDay, monthOf, weekOf } from './facts.ts';
import { GROUP_TYPES, namesOf, visibleGroups, type GroupInfo } from './groups.service.ts';
import {
  correlationCounts,
  correlationRows,
  countIncidents,
  groupFigures,
  incidentRows,
  placeFigures,
  recordVisit,
  trendRows,
  type IncidentFilter,
} from './picture.repository.ts';
import { placeKey } from './picture.projection.ts';

const MAX_POINTS = 3000;
const MAX_SERIES = 8;

/** Query-string filters, checked: real days, `from` not after `to`, a known country. */
export function toFilter(q: PictureFilters): IncidentFilter {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isCalendarDay(v))
      throw new AppError(400, 'validation', `${field}: not a day (YYYY-MM-DD)`, field);
  }
  if (q.from && q.to && q.from > q.to)
    throw new AppError(400, 'validation', 'from: after to', 'from');
  if (q.country && !isCountryCode(q.country))
    throw new AppError(
      400,
      'validation',
      `country: "${q.country}" is not an ISO 3166-1 code`,
      'country',
    );
  if (q.group !== undefined && !/^(intrusion-set|threat-actor)--[0-9a-f-]{36}$/i.test(q.group))
    throw new AppError(400, 'validation', 'group: an intrusion-set or threat-actor id', 'group');
  return { from: q.from, to: q.to, group: q.group, eventType: q.event_type, country: q.country };
}

/**
 * FIRST TLP 2.0: reads of AMBER+STRICT and RED are audited. An answer built on such incidents
 * (a count, a shade, a list) is one audited read, naming how many it drew on.
 */
async function auditRead(db: Db, actor: Actor, surface: string, sensitive: number, detail = {}) {
  if (sensitive <= 0) return;
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'picture.read',
        subject: null,
        detail: { surface, sensitive_incidents: sensitive, ...detail },
      },
    ]),
  );
}

export async function mapFigures(db: Db, actor: Actor, q: PictureFilters): Promise<MapFigures> {
  const places = await placeFigures(db, readerOf(actor), toFilter(q));
  await auditRead(
    db,
    actor,
    'picture.map',
    places.reduce((n, p) => n + p.sensitive, 0),
  );
  const countries = new Map<string, { country: string; incidents: number; fatalities: number }>();
  for (const p of places) {
    const c = countries.get(p.country) ?? { country: p.country, incidents: 0, fatalities: 0 };
    c.incidents += p.incidents;
    c.fatalities += p.fatalities;
    countries.set(p.country, c);
  }
  // The same place may sit in two countries' rows (a border, a dataset's quirk): merge them.
  const points = new Map<string, MapFigures['points'][number]>();
  for (const p of places) {
    if (p.latitude === null || p.longitude === null) continue;
    const key = `${p.latitude},${p.longitude}`;
    const point = points.get(key);
    if (point) {
      point.incidents += p.incidents;
      point.fatalities += p.fatalities;
    } else
      points.set(key, {
        latitude: p.latitude,
        longitude: p.longitude,
        incidents: p.incidents,
        fatalities: p.fatalities,
        country: p.country,
        ...(p.location ? { location: p.location } : {}),
      });
  }
  const busiest = [...points.values()].sort(
    (a, b) => b.incidents - a.incidents || a.latitude - b.latitude || a.longitude - b.longitude,
  );
  const all = [...countries.values()];
  return {
    countries: all.sort((a, b) => b.incidents - a.incidents || (a.country < b.country ? -1 : 1)),
    points: busiest.slice(0, MAX_POINTS),
    points_truncated: busiest.length > MAX_POINTS,
    total: {
      incidents: all.reduce((n, c) => n + c.incidents, 0),
      fatalities: all.reduce((n, c) => n + c.fatalities, 0),
    },
  };
}

/** Every period from the first to the last, so a chart shows quiet weeks as zero, not as gaps. */
export function periods(interval: TrendInterval, first: string, last: string): string[] {
  const out: string[] = [];
  if (interval === 'month') {
    let [y, m] = first.split('-').map(Number) as [number, number];
    for (let guard = 0; guard < 1200; guard++) {
      const p = `${y}-${String(m).padStart(2, '0')}`;
      if (p > last) break;
      out.push(p);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
    return out;
  }
  let t = Date.parse(`${first}T00:00:00Z`);
  for (let guard = 0; guard < 5300; guard++) {
    const p = new Date(t).toISOString().slice(0, 10);
    if (p > last) break;
    out.push(p);
    t += 7 * 86_400_000;
  }
  return out;
}

export async function trend(
  db: Db,
  actor: Actor,
  q: PictureFilters & { interval?: TrendInterval; by?: TrendBreakdown },
): Promise<Trend & { sensitive: number }> {
  const reader = readerOf(actor);
  const filter = toFilter(q);
  const interval = q.interval ?? 'month';
  const by = q.by ?? 'none';
  const rows = await trendRows(db, reader, filter, interval, by);
  const sensitive = rows.reduce((n, r) => n + r.sensitive, 0);
  await auditRead(db, actor, 'picture.trend', sensitive);

  // The busiest series by incidents; the rest together as "other".
  const totals = new Map<string, { incidents: number; fatalities: number }>();
  for (const r of rows) {
    const t = totals.get(r.key) ?? { incidents: 0, fatalities: 0 };
    t.incidents += r.incidents;
    t.fatalities += r.fatalities;
    totals.set(r.key, t);
  }
  const ranked = [...totals.entries()].sort(
    (a, b) => b[1].incidents - a[1].incidents || (a[0] < b[0] ? -1 : 1),
  );
  const kept = ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES);
  const series = kept.map(([key, t]) => ({ key, ...t }));
  if (ranked.length > kept.length) {
    const rest = ranked.slice(kept.length);
    series.push({
      key: 'other',
      incidents: rest.reduce((n, [, t]) => n + t.incidents, 0),
      fatalities: rest.reduce((n, [, t]) => n + t.fatalities, 0),
    });
  }
  const index = new Map(series.map((s, i) => [s.key, i]));
  const other = index.get('other');

  const seen = rows.map((r) => r.period).sort();
  const first = q.from ? (interval === 'week' ? weekOf(q.from) : monthOf(q.from)) : seen[0];
  const last = q.to ? (interval === 'week' ? weekOf(q.to) : monthOf(q.to)) : seen[seen.length - 1];
  const all = first && last ? periods(interval, first, last) : [];
  const buckets = new Map(
    all.map((p) => [p, series.map(() => ({ incidents: 0, fatalities: 0 }))] as const),
  );
  for (const r of rows) {
    const values = buckets.get(r.period);
    const i = index.get(r.key) ?? other;
    if (!values || i === undefined) continue;
    values[i]!.incidents += r.incidents;
    values[i]!.fatalities += r.fatalities;
  }
  const groups = by === 'group' ? await visibleGroups(db, reader) : new Map<string, GroupInfo>();
  return {
    interval,
    by,
    series,
    buckets: [...buckets.entries()].map(([period, values]) => ({ period, values })),
    names: namesOf(
      groups,
      series.map((s) => s.key),
    ),
    sensitive,
  };
}

/** The trend as CSV (one row per period and series), an export written to the audit log. */
export async function trendCsv(
  db: Db,
  actor: Actor,
  q: PictureFilters & { interval?: TrendInterval; by?: TrendBreakdown },
): Promise<string> {
  const t = await trend(db, actor, q);
  const label = (key: string) => t.names[key]?.en ?? key;
  const cell = (v: string | number) => {
    const s = String(v);
    // Quote what needs it; a leading = + - @ would run as a formula in a spreadsheet (CWE-1236).
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [
    ['period', t.by === 'none' ? 'series' : t.by, 'incidents', 'fatalities'].join(','),
  ];
  for (const b of t.buckets)
    t.series.forEach((s, i) =>
      lines.push(
        [b.period, label(s.key), b.values[i]!.incidents, b.values[i]!.fatalities]
          .map(cell)
          .join(','),
      ),
    );
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'picture.export',
        subject: null,
        detail: { surface: 'picture.trend.csv', rows: lines.length - 1, filter: { ...q } },
      },
    ]),
  );
  return `${lines.join('\r\n')}\r\n`;
}

function encodeCursor(row: { event_date: string; added: number }): string {
  return Buffer.from(`${row.event_date}|${row.added}`).toString('base64url');
}

function decodeCursor(cursor: string): { event_date: string; added: number } {
  const [date, added] = Buffer.from(cursor, 'base64url').toString().split('|');
  const n = Number(added);
  if (!date || !isCalendarDay(date) || !Number.isSafeInteger(n))
    throw new AppError(400, 'validation', 'cursor: not a cursor this server issued', 'cursor');
  return { event_date: date, added: n };
}

/** Incidents matching the filters (a country, a point on the map), most recent events first. */
export async function listIncidents(
  db: Db,
  actor: Actor,
  q: PictureFilters & { latitude?: number; longitude?: number; limit?: number; cursor?: string },
): Promise<IncidentPage> {
  const reader = readerOf(actor);
  const filter = toFilter(q);
  if ((q.latitude === undefined) !== (q.longitude === undefined))
    throw new AppError(
      400,
      'validation',
      'latitude: give latitude and longitude together',
      'latitude',
    );
  if (q.latitude !== undefined) filter.point = { latitude: q.latitude, longitude: q.longitude! };
  const limit = q.limit ?? 50;
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const [rows, total] = await Promise.all([
    incidentRows(db, reader, filter, limit + 1, after),
    countIncidents(db, reader, filter),
  ]);
  const page = rows.slice(0, limit);
  await auditRead(
    db,
    actor,
    'picture.incidents',
    page.filter((r) => r.tlp === 'amber+strict' || r.tlp === 'red').length,
    {
      versions: page
        .filter((r) => r.tlp === 'amber+strict' || r.tlp === 'red')
        .map((r) => `${r.stix_id}@${r.version}`),
    },
  );
  const directory = await loadDirectory(db);
  return {
    items: page.map((r) => ({
      id: r.stix_id,
      name: r.name,
      event_date: r.event_date,
      event_type: r.event_type,
      ...(r.sub_event_type ? { sub_event_type: r.sub_event_type } : {}),
      country: r.country,
      ...(r.admin1 ? { admin1: r.admin1 } : {}),
      ...(r.location ? { location: r.location } : {}),
      fatalities: r.fatalities,
      owner: ownerCode(r, directory),
      tlp: r.tlp as Tlp,
      ...(r.dataset ? { dataset: r.dataset } : {}),
    })),
    total,
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

function summary(
  g: GroupInfo,
  figures?: { incidents: number; fatalities: number; last_event: string | null },
): GroupSummary {
  return {
    id: g.id,
    type: g.type,
    names: g.names,
    aliases: g.aliases,
    incidents: figures?.incidents ?? 0,
    fatalities: figures?.fatalities ?? 0,
    last_event: figures?.last_event ?? null,
  };
}

/** Armed groups the actor may see, with their incidents and fatalities (filters apply to those). */
export async function listGroups(db: Db, actor: Actor, q: PictureFilters): Promise<GroupSummary[]> {
  const reader = readerOf(actor);
  const [groups, figures] = await Promise.all([
    visibleGroups(db, reader),
    groupFigures(db, reader, toFilter(q)),
  ]);
  await auditRead(
    db,
    actor,
    'picture.groups',
    figures.reduce((n, f) => n + f.sensitive, 0),
  );
  const byId = new Map(figures.map((f) => [f.actor_id, f]));
  return [...groups.values()]
    .map((g) => summary(g, byId.get(g.id)))
    .sort((a, b) => b.incidents - a.incidents || (a.id < b.id ? -1 : 1));
}

const REFERENCE_LIMIT = 200;

function referenceDate(type: string, o: Record<string, unknown>, eventDate: string | null): string {
  if (type === 'incident' && eventDate) return eventDate;
  const stamp = (type === 'report' ? o.published : undefined) ?? o.modified ?? o.created;
  return typeof stamp === 'string' ? stamp : '';
}

/** What the actor may see that refers to a group, a place or a value, and who reported it. */
export async function correlate(
  db: Db,
  actor: Actor,
  kind: 'ref' | 'place' | 'value',
  rawValue: string,
): Promise<Correlation> {
  const reader = readerOf(actor);
  let value = rawValue.trim();
  if (kind === 'place') {
    const [country, ...area] = value.split('/');
    if (!country || !isCountryCode(country.toUpperCase()))
      throw new AppError(
        400,
        'validation',
        'value: a place is CC or CC/admin1 (ISO 3166-1 code first)',
        'value',
      );
    value = placeKey(country.toUpperCase(), area.join('/') || undefined);
  }
  if (kind === 'value') value = value.toLowerCase();
  const [counts, rows, directory] = await Promise.all([
    correlationCounts(db, reader, kind, value),
    correlationRows(db, reader, kind, value, REFERENCE_LIMIT),
    loadDirectory(db),
  ]);
  await auditRead(
    db,
    actor,
    'picture.correlation',
    counts.reduce((n, c) => n + c.sensitive, 0),
    {
      kind,
      value,
    },
  );
  const byType: Record<string, number> = {};
  const byMember = new Map<string, number>();
  for (const c of counts) {
    byType[c.type] = (byType[c.type] ?? 0) + c.objects;
    const code = ownerCode(c, directory);
    byMember.set(code, (byMember.get(code) ?? 0) + c.objects);
  }
  const objects: Reference[] = rows.map((r) => {
    const o = JSON.parse(r.body) as Record<string, unknown>;
    return {
      id: r.stix_id,
      type: r.type,
      name: typeof o.name === 'string' ? o.name : r.stix_id,
      owner: ownerCode(r, directory),
      tlp: r.tlp as Tlp,
      date: referenceDate(r.type, o, r.event_date),
      via: r.via,
    };
  });
  return {
    kind,
    value,
    objects,
    total: counts.reduce((n, c) => n + c.objects, 0),
    by_type: byType,
    members: [...byMember.entries()]
      .map(([member, n]) => ({ member, objects: n }))
      .sort((a, b) => b.objects - a.objects || (a.member < b.member ? -1 : 1)),
  };
}

/** A group's profile: names, description, figures, relationships, and what members reported. */
export async function groupProfile(db: Db, actor: Actor, id: string): Promise<GroupProfile> {
  const reader = readerOf(actor);
  const groups = await visibleGroups(db, reader);
  const group = groups.get(id);
  if (!group) throw notFound('group');
  const [figures, correlation, relations, directory] = await Promise.all([
    groupFigures(db, reader, { group: id }),
    correlate(db, actor, 'ref', id),
    visibleObjectsQuery(db, reader, { types: ['relationship'] })
      .where('o.revoked', '=', 0)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('picture_keys as k' as never)
            .select('k.added' as never)
            .whereRef('k.added' as never, '=', 'o.added' as never)
            .where('k.kind' as never, '=', 'ref' as never)
            .where('k.value' as never, '=', id as never),
        ),
      )
      .select(['o.body'])
      .limit(500)
      .execute(),
    loadDirectory(db),
  ]);
  const related: GroupProfile['related'] = [];
  for (const { body } of relations) {
    const r = JSON.parse(body) as {
      source_ref?: string;
      target_ref?: string;
      relationship_type?: string;
    };
    const out = r.source_ref === id;
    const other = out ? r.target_ref : r.source_ref;
    const otherGroup = other ? groups.get(other) : undefined;
    if (!other || !otherGroup || other === id) continue;
    related.push({
      id: other,
      type: otherGroup.type,
      names: otherGroup.names,
      relationship_type: r.relationship_type ?? 'related-to',
      direction: out ? 'out' : 'in',
    });
  }
  const f = figures.find((x) => x.actor_id === id);
  return {
    group: summary(group, f),
    description: group.description,
    owner: ownerCode(group, directory),
    tlp: group.tlp as Tlp,
    related,
    correlation,
  };
}

const NEW_TYPES = ['report', 'incident', 'note', 'grouping', 'intrusion-set'];
const FIRST_VISIT_DAYS = 14;

/** The page analysts land on: what is new since the last visit, and the most active groups. */
export async function overview(db: Db, actor: Actor, now = new Date()): Promise<Overview> {
  const reader = readerOf(actor);
  const previous = await recordVisit(db, actor.userId, now);
  const sinceMicros = previous
    ? (parseMicros(previous) ?? 0)
    : (now.getTime() - FIRST_VISIT_DAYS * 86_400_000) * 1000;
  const base = () =>
    visibleObjectsQuery(db, reader, { types: NEW_TYPES, addedAfter: sinceMicros }).where(
      'o.revoked',
      '=',
      0,
    );
  const [counts, rows, directory, meetings] = await Promise.all([
    base()
      .select(['o.type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('o.type')
      .execute(),
    base().selectAll('o').orderBy('o.added', 'desc').limit(10).execute(),
    loadDirectory(db),
    overviewMeetings(db, actor, previous ?? new Date(sinceMicros / 1000).toISOString(), now),
  ]);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const groups = await listGroups(db, actor, { from, to });
  const newItems: NewItem[] = rows.map((r) => {
    const o = JSON.parse(r.body) as Record<string, unknown>;
    return {
      id: r.stix_id,
      type: r.type,
      name: typeof o.name === 'string' ? o.name : r.stix_id,
      owner: ownerCode(r, directory),
      tlp: r.tlp as Tlp,
      date_added: formatMicros(r.added),
    };
  });
  return {
    since: previous,
    new_items: newItems,
    new_counts: {
      ...Object.fromEntries(counts.map((c) => [c.type, Number(c.n)])),
      ...(meetings.recorded ? { meeting: meetings.recorded } : {}),
    },
    meetings: meetings.items,
    top_groups: groups.filter((g) => g.incidents > 0).slice(0, 8),
    period: { from, to },
  };
}

export { GROUP_TYPES };
