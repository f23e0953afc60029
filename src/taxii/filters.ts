import { AppError } from '../errors.ts';
import type { ObjectFilter } from '../exchange/objects.repository.ts';
import { decodeCursor, encodeCursor } from '../exchange/objects.read.ts';
import { parseMicros, versionKey, isStixTimestamp } from '../stix/timestamp.ts';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export type Query = Record<string, string | string[] | undefined>;

/** TAXII 2.1 §3.4: the URL filters, parsed once; a malformed one is a 400. */
export interface TaxiiQuery {
  filter: ObjectFilter;
  specVersions?: string[];
  limit: number;
}

const bad = (field: string, message: string) =>
  new AppError(400, 'validation', `${field}: ${message}`, field);

function one(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** §3.4.1: a comma-separated list means OR. */
function list(q: Query, name: string): string[] | undefined {
  const raw = one(q, name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw bad(name, 'give at least one value');
  if (items.length > 1000) throw bad(name, 'at most 1000 values');
  return items;
}

export function parseQuery(
  q: Query,
  opts: { versionDefault: 'last' | 'all'; allowVersion: boolean },
): TaxiiQuery {
  const filter: ObjectFilter = {};
  const addedAfter = one(q, 'added_after');
  if (addedAfter !== undefined) {
    const micros = parseMicros(addedAfter);
    if (micros === undefined)
      throw bad(
        'added_after',
        'must be an RFC 3339 UTC timestamp such as 2026-01-01T00:00:00.000Z',
      );
    filter.addedAfter = micros;
  }
  let limit = DEFAULT_LIMIT;
  const rawLimit = one(q, 'limit');
  if (rawLimit !== undefined) {
    if (!/^\d{1,9}$/.test(rawLimit) || Number(rawLimit) < 1)
      throw bad('limit', 'must be a positive whole number');
    // §3.4: a server may return fewer than asked; it caps pages at MAX_LIMIT.
    limit = Math.min(Number(rawLimit), MAX_LIMIT);
  }
  const next = one(q, 'next');
  if (next !== undefined) {
    const after = decodeCursor(next, 'next');
    if (encodeCursor(after) !== next) throw bad('next', 'not a value this server issued');
    filter.addedAfterCursor = after;
  }
  filter.ids = list(q, 'match[id]');
  filter.types = list(q, 'match[type]');
  // §5.8: the versions endpoint has no match[version]; like any unsupported parameter it is ignored.
  const versions = opts.allowVersion ? list(q, 'match[version]') : undefined;
  const vm: NonNullable<ObjectFilter['versionMatch']> = {};
  let all = false;
  for (const v of versions ?? [opts.versionDefault]) {
    if (v === 'first') vm.first = true;
    else if (v === 'last') vm.last = true;
    else if (v === 'all') all = true;
    else if (isStixTimestamp(v)) (vm.keys ??= []).push(versionKey(v));
    else throw bad('match[version]', `"${v}" is not first, last, all or a timestamp`);
  }
  filter.versionMatch = all ? {} : vm;
  const specVersions = list(q, 'match[spec_version]');
  const badSpec = specVersions?.find((s) => !/^\d+\.\d+$/.test(s));
  if (badSpec) throw bad('match[spec_version]', `"${badSpec}" is not a version such as 2.1`);
  return { filter, specVersions, limit };
}
