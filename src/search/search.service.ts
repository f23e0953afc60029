import type { SearchFacets, SearchHit, SearchPage, SearchQuery } from '../../contract/search.ts';
import type { Db } from '../db/index.ts';
import type { Locale, MembersTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { listMembers } from '../members/members.repository.ts';
import { userById } from '../accounts/users.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { TLP_LEVELS } from '../stix/tlp.ts';
import type { SearchableText } from './extract.ts';
import { resultKind, searchKind, type Presented } from './kinds.ts';
import { terms } from './normalise.ts';
import {
  aliasCandidates,
  expressionOf,
  hasPositive,
  highlightTerms,
  parseQuery,
  type ParsedQuery,
} from './query.ts';
import { catchUp } from './search.index.ts';
import {
  docsById,
  searchPage,
  visibleSpellings,
  type Cursor,
  type FacetCell,
  type ResultRow,
  type SearchFilter,
} from './search.repository.ts';
import { buildSnippet } from './snippet.ts';

const LOCALES: readonly Locale[] = ['ar', 'fr', 'en'];
const TYPE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function list(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** A date bound: a day (whole day included) or an RFC 3339 instant. */
function bound(value: string | undefined, field: 'from' | 'to'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
  const ok = !Number.isNaN(ms) && (day || RFC3339.test(value));
  if (!ok || (day && new Date(ms).toISOString().slice(0, 10) !== value))
    throw new AppError(
      400,
      'validation',
      `${field}: use a date (YYYY-MM-DD) or an RFC 3339 timestamp`,
      field,
    );
  return new Date(day && field === 'to' ? ms + 86_400_000 - 1 : ms).toISOString();
}

function toFilter(q: SearchQuery, members: MembersTable[]): SearchFilter {
  const types = list(q.type);
  if (types.length > 40) throw new AppError(400, 'validation', 'type: at most 40 types', 'type');
  const badType = types.find((t) => !TYPE_NAME.test(t));
  if (badType)
    throw new AppError(400, 'validation', `type: "${badType}" is not a type name`, 'type');
  const tlps = list(q.tlp);
  const badTlp = tlps.find((t) => !(TLP_LEVELS as readonly string[]).includes(t));
  if (badTlp)
    throw new AppError(
      400,
      'validation',
      `tlp: unknown level "${badTlp}" (use ${TLP_LEVELS.join(', ')})`,
      'tlp',
    );
  const byCode = new Map(members.map((m) => [m.code, m.id]));
  const owners = list(q.owner).map((code) => {
    const id = byCode.get(code.toUpperCase());
    if (!id) throw new AppError(400, 'unknown_member', `owner: no member ${code}`, 'owner');
    return id;
  });
  const from = bound(q.from, 'from');
  const to = bound(q.to, 'to');
  if (from && to && from > to) throw new AppError(400, 'validation', 'to: comes before from', 'to');
  return {
    ...(types.length ? { types } : {}),
    ...(tlps.length ? { tlps } : {}),
    ...(owners.length ? { ownerIds: owners } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function encodeCursor(r: ResultRow): string {
  return Buffer.from(JSON.stringify([r.tier, r.at, r.found, r.id, r.doc_id])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  const fail = () =>
    new AppError(400, 'validation', 'cursor: not a cursor this server issued', 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString());
  } catch {
    throw fail();
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw fail();
  const [tier, at, found, id, doc] = parsed as unknown[];
  if (
    (tier !== 0 && tier !== 1) ||
    typeof at !== 'string' ||
    typeof found !== 'string' ||
    typeof id !== 'string' ||
    typeof doc !== 'number' ||
    !Number.isSafeInteger(doc)
  )
    throw fail();
  return { tier, at, found, id, doc_id: doc };
}

/**
 * Other spellings of the names a query contains, from the names the reader may read (aliases of
 * groups, translated names of places) and the members' names in three languages.
 */
async function spellings(
  db: Db,
  actor: Actor,
  query: ParsedQuery,
  members: MembersTable[],
): Promise<Map<string, string[][]>> {
  const candidates = aliasCandidates(query);
  const sets = new Map<string, Set<string>>();
  const add = (key: string, phrase: string) => {
    if (!phrase) return;
    const set = sets.get(key) ?? new Set<string>();
    set.add(phrase);
    sets.set(key, set);
  };
  for (const row of await visibleSpellings(db, readerOf(actor), candidates))
    add(row.set_key, row.phrase);
  for (const m of members)
    for (const name of [m.name_ar, m.name_fr, m.name_en])
      add(`member:${m.code}`, terms(name).join(' '));
  const out = new Map<string, string[][]>();
  for (const candidate of candidates) {
    const phrases = new Set<string>();
    for (const set of sets.values()) if (set.has(candidate)) for (const p of set) phrases.add(p);
    if (phrases.size > 1)
      out.set(
        candidate,
        [...phrases].map((p) => p.split(' ')),
      );
  }
  return out;
}

/**
 * Facet counts from the cells the policy-bound query counted: each facet counts with every filter
 * but its own, so the other values of a facet stay in view once one is chosen.
 */
function facetsOf(
  cells: FacetCell[],
  filter: SearchFilter,
  members: MembersTable[],
): { total: number; facets: SearchFacets } {
  const codes = new Map(members.map((m) => [m.id, m.code]));
  const counts = {
    type: new Map<string, number>(),
    tlp: new Map<string, number>(),
    owner: new Map<string, number>(),
    year: new Map<string, number>(),
  };
  const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
  let total = 0;
  for (const c of cells) {
    const type = !filter.types || filter.types.includes(c.type);
    const tlp = !filter.tlps || filter.tlps.includes(c.tlp);
    const owner = !filter.ownerIds || filter.ownerIds.includes(c.owner_id);
    const date = c.in_range;
    if (tlp && owner && date) add(counts.type, c.type, c.n);
    if (type && owner && date) add(counts.tlp, c.tlp, c.n);
    if (type && tlp && date) add(counts.owner, codes.get(c.owner_id) ?? c.owner_id, c.n);
    if (type && tlp && owner) add(counts.year, c.year, c.n);
    if (type && tlp && owner && date) total += c.n;
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    total,
    facets: {
      type: list(counts.type),
      tlp: list(counts.tlp),
      owner: list(counts.owner),
      year: list(counts.year).sort((a, b) => (a.value < b.value ? 1 : -1)),
    },
  };
}

/** The text of the documents that found the results, read back by their kinds. */
async function foundTexts(db: Db, rows: ResultRow[]): Promise<Map<number, SearchableText>> {
  const docs = await docsById(
    db,
    rows.map((r) => r.doc_id),
  );
  const keysByKind = new Map<string, string[]>();
  for (const d of docs) keysByKind.set(d.kind, [...(keysByKind.get(d.kind) ?? []), d.record_key]);
  const texts = new Map<string, SearchableText>();
  for (const [kind, keys] of keysByKind) {
    const k = searchKind(kind);
    if (!k) continue;
    for (const [key, text] of await k.texts(db, keys)) texts.set(`${kind}:${key}`, text);
  }
  const out = new Map<number, SearchableText>();
  for (const d of docs) {
    const text = texts.get(`${d.kind}:${d.record_key}`);
    if (text) out.set(d.doc_id, text);
  }
  return out;
}

/**
 * Search what the actor may read. Everything the answer holds — results, total, facets,
 * snippets, names — comes from rows the policy-bound query returned.
 */
export async function search(db: Db, actor: Actor, q: SearchQuery): Promise<SearchPage> {
  const parsed = parseQuery(q.q);
  if (!hasPositive(parsed))
    throw new AppError(400, 'validation', 'q: give at least one word to look for', 'q');
  const members = await listMembers(db);
  const filter = toFilter(q, members);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const limit = q.limit ?? 20;
  const user = q.lang ? undefined : await userById(db, actor.userId);
  const locale: Locale = q.lang ?? (user && LOCALES.includes(user.locale) ? user.locale : 'en');

  await catchUp(db);
  const reader = readerOf(actor);
  const expression = expressionOf(parsed, await spellings(db, actor, parsed, members));
  const { rows, cells } = await searchPage(db, reader, expression, filter, limit + 1, {
    after,
    facets: !after,
  });
  const page = rows.slice(0, limit);
  const counted = after ? undefined : facetsOf(cells, filter, members);

  const highlight = highlightTerms(expression);
  const texts = await foundTexts(db, page);
  const presented = new Map<string, Presented>();
  for (const found of new Set(page.map((r) => r.found))) {
    const kind = resultKind(found);
    if (!kind) continue;
    const mine = page.filter((r) => r.found === found);
    for (const [id, p] of await kind.present(db, actor, mine, locale))
      presented.set(`${found}:${id}`, p);
  }
  const codes = new Map(members.map((m) => [m.id, m.code]));
  const items: SearchHit[] = page.map((r) => {
    const p = presented.get(`${r.found}:${r.id}`);
    const own = texts.get(r.doc_id);
    return {
      kind: r.found,
      id: r.id,
      type: r.type,
      name: p?.name ?? r.id,
      ...(p?.lang ? { lang: p.lang } : {}),
      snippet: buildSnippet([...(own ? [own] : []), ...(p?.texts ?? [])], highlight, locale),
      tlp: r.tlp as SearchHit['tlp'],
      owner: codes.get(r.owner_id) ?? r.owner_id,
      date: r.at,
    };
  });
  return {
    items,
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    ...(counted ? { total: counted.total, facets: counted.facets } : {}),
  };
}
