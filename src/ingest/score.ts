import type { Extraction } from '../../contract/ingest.ts';
import { KNOWN_GROUPS } from './lexicon/groups.ts';
import { lexicon } from './lexicon/index.ts';
import { normaliseWord } from './text.ts';

/**
 * How an extraction compares with what a reader wrote down for an article (an `.expected.json`
 * beside it): precision and recall per kind. A reader writes names as the article does or in
 * English; alternatives are separated by "|". Groups are compared by the group meant (any alias),
 * places by any of their names, people by their words (a surname alone matches the full name),
 * dates by their resolved value, casualty figures as "kind:count".
 */

export interface Expected {
  published?: string;
  countries: string[];
  places: string[];
  people: string[];
  groups: string[];
  dates: string[];
  casualties: string[];
}

export const KINDS = ['countries', 'places', 'people', 'groups', 'dates', 'casualties'] as const;
export type Kind = (typeof KINDS)[number];

export interface Tally {
  tp: number;
  extracted: number;
  expected: number;
  missed: string[];
  spurious: string[];
}

const words = (s: string) =>
  normaliseWord(s)
    .split(/[\s\-'’.]+/)
    .filter(Boolean);
const alternatives = (s: string) => s.split('|').map((a) => a.trim());

function personMatches(expected: string, found: string): boolean {
  const f = words(found);
  return alternatives(expected).some((alt) => {
    const e = words(alt);
    if (e.length === 0 || f.length === 0) return false;
    const fs = new Set(f);
    const es = new Set(e);
    return e.every((w) => fs.has(w)) || f.every((w) => es.has(w));
  });
}

function groupKeyOf(name: string): string | undefined {
  const n = normaliseWord(name);
  for (const g of KNOWN_GROUPS) {
    if (g.key === name) return g.key;
    if (
      [...g.aliases, g.names.en, g.names.fr, g.names.ar].some(
        (a) => normaliseWord(a.replace(/^~/, '')) === n,
      )
    )
      return g.key;
  }
  return undefined;
}

function placeNames(p: Extraction['places'][number]): Set<string> {
  const out = new Set([normaliseWord(p.name), normaliseWord(p.text)]);
  for (const entry of lexicon().placeByKey.values()) {
    if (entry.name === p.name || entry.names.en === p.name || entry.names.fr === p.name) {
      for (const n of Object.values(entry.names)) if (n) out.add(normaliseWord(n));
    }
  }
  return out;
}

/** Pairs each expected item with at most one found item; the rest are misses and false finds. */
function pair<E, F>(
  expected: E[],
  found: F[],
  matches: (e: E, f: F) => boolean,
  show: (x: E | F) => string,
): Tally {
  const free = new Set(found.map((_, i) => i));
  let tp = 0;
  const missed: string[] = [];
  for (const e of expected) {
    const hit = [...free].find((i) => matches(e, found[i]!));
    if (hit === undefined) missed.push(show(e));
    else {
      free.delete(hit);
      tp += 1;
    }
  }
  return {
    tp,
    extracted: found.length,
    expected: expected.length,
    missed,
    spurious: [...free].map((i) => show(found[i]!)),
  };
}

export function score(x: Extraction, e: Expected): Record<Kind, Tally> {
  const places = x.places.map((p) => ({ p, names: placeNames(p) }));
  const groups = x.groups.map((g) => ({ g, key: g.key ?? groupKeyOf(g.name) }));
  const casualties = x.incidents.flatMap((i) => i.casualties.map((c) => `${c.kind}:${c.count}`));
  return {
    countries: pair(e.countries, x.countries, (a, b) => a === b, String),
    places: pair(
      e.places,
      places,
      (a, b) => alternatives(a).some((alt) => b.names.has(normaliseWord(alt))),
      (v) => (typeof v === 'string' ? v : `${v.p.text}=${v.p.name}`),
    ),
    people: pair(
      e.people,
      x.people,
      (a, b) => personMatches(a, b.name),
      (v) => (typeof v === 'string' ? v : v.name),
    ),
    groups: pair(
      e.groups,
      groups,
      (a, b) =>
        alternatives(a).some((alt) => {
          const key = groupKeyOf(alt);
          return key ? key === b.key : normaliseWord(alt) === normaliseWord(b.g.name);
        }),
      (v) => (typeof v === 'string' ? v : v.g.name),
    ),
    dates: pair(
      e.dates,
      x.dates,
      (a, b) => (b.date !== null ? a === b.date : normaliseWord(a) === normaliseWord(b.text)),
      (v) => (typeof v === 'string' ? v : `${v.text}=${v.date}`),
    ),
    casualties: pair(e.casualties, casualties, (a, b) => a === b, String),
  };
}

export function add(a: Tally, b: Tally): Tally {
  return {
    tp: a.tp + b.tp,
    extracted: a.extracted + b.extracted,
    expected: a.expected + b.expected,
    missed: [...a.missed, ...b.missed],
    spurious: [...a.spurious, ...b.spurious],
  };
}

export const precision = (t: Tally) =>
  t.extracted === 0 ? (t.expected === 0 ? 1 : 0) : t.tp / t.extracted;
export const recall = (t: Tally) => (t.expected === 0 ? 1 : t.tp / t.expected);
