import type {
  ArmedGroup,
  Casualty,
  DateMention,
  Extraction,
  Incident,
  Organization,
  Person,
  Place,
} from '../../contract/ingest.ts';
import { KNOWN_GROUPS } from './lexicon/groups.ts';
import type { PlaceEntry } from './lexicon/index.ts';
import { tokenise } from './text.ts';
import { claim, makeContext, TokenKind, type Span } from './extract/context.ts';
import {
  findNames,
  findTowns,
  groupInContext,
  aliasKeys,
  type NameHit,
  type StoreGroup,
} from './extract/names.ts';
import { findDates } from './extract/dates.ts';
import { findPeople } from './extract/people.ts';
import { findCasualties } from './extract/casualties.ts';
import { groupIncidents, sentenceTrigger, type SentenceFacts } from './extract/incidents.ts';
import { findFigures } from './extract/figures.ts';
import { findCuedPlaces } from './extract/cuedPlaces.ts';
import { normaliseWord } from './text.ts';

export type { StoreGroup };

export interface ExtractInput {
  text: string;
  title: string;
  language: 'ar' | 'fr' | 'en';
  published?: string;
  source?: string;
}

const span = (s: Span): Span => ({ start: s.start, end: s.end });

function groupName(key: string, language: 'ar' | 'fr' | 'en'): string {
  return KNOWN_GROUPS.find((g) => g.key === key)?.names[language] ?? key;
}

/**
 * The extraction of one cleaned article: every entity with its offsets in `text`, and the incidents
 * they make up. Pure and synchronous: no I/O, a few milliseconds for an article of a few pages.
 */
export function extractArticle(
  input: ExtractInput,
  storeGroups: readonly StoreGroup[] = [],
): Extraction {
  const { text, language, published } = input;
  const tokens = tokenise(text);
  const ctx = makeContext(text, tokens);

  // Dates first: "May", "Mars" and weekdays must not be read as names.
  const dateHits = findDates(ctx, published, language);
  for (const d of dateHits) claim(ctx, d.from, d.to, TokenKind.date);
  const names = findNames(ctx, storeGroups);

  const countryOffsets: Record<string, Span[]> = {};
  for (const h of names) {
    if (h.entry.kind === 'country') (countryOffsets[h.entry.iso2] ??= []).push(span(h));
  }
  // Countries a place in the press list implies count for choosing among towns, not as mentions.
  const countrySet = new Set(Object.keys(countryOffsets));
  for (const h of names)
    if (h.entry.kind === 'place' && h.entry.place.country) countrySet.add(h.entry.place.country);

  const peopleHits = findPeople(ctx);
  const townHits = findTowns(ctx, countrySet);
  // A place the dictionaries do not know is in the country its sentence names, else the article's.
  const tokenAt = new Map<number, number>();
  tokens.forEach((t, k) => tokenAt.set(t.start, k));
  const byMentions = Object.entries(countryOffsets).sort((a, b) => b[1].length - a[1].length);
  const countryOf = (token: number): string | undefined => {
    const sentence = ctx.sentence[token];
    const here = byMentions.find(([, offsets]) =>
      offsets.some((o) => {
        const k = tokenAt.get(o.start);
        return k !== undefined && ctx.sentence[k] === sentence;
      }),
    );
    return here?.[0] ?? byMentions[0]?.[0];
  };
  const cuedHits = findCuedPlaces(ctx, countrySet, countryOf);

  // Organisations
  const orgs = new Map<string, Organization>();
  for (const h of names) {
    if (h.entry.kind !== 'org') continue;
    const o = orgs.get(h.entry.key) ?? { name: h.entry.name, key: h.entry.key, offsets: [] };
    o.offsets.push(span(h));
    orgs.set(h.entry.key, o);
  }

  // Groups: the store's (with their ids) and the built-in list, linked to the store by alias.
  const storeByAlias = new Map<string, StoreGroup>();
  for (const g of storeGroups)
    for (const a of [g.name, ...g.aliases]) storeByAlias.set(normaliseWord(a), g);
  const keysByAlias = aliasKeys();
  const groups = new Map<string, ArmedGroup>();
  const groupOfHit = new Map<NameHit, string>();
  for (const h of names) {
    let id: string;
    let entry: ArmedGroup;
    if (h.entry.kind === 'store-group') {
      const g = h.entry.group;
      const key = [g.name, ...g.aliases]
        .map((a) => keysByAlias.get(normaliseWord(a)))
        .find(Boolean);
      id = g.id;
      entry = groups.get(id) ?? { name: g.name, ...(key ? { key } : {}), ref: g.id, offsets: [] };
    } else if (h.entry.kind === 'group') {
      const key = groupInContext(h.entry.key, countrySet);
      const group = KNOWN_GROUPS.find((g) => g.key === key)!;
      const inStore = [...group.aliases, group.names.en, group.names.fr, group.names.ar]
        .map((a) => storeByAlias.get(normaliseWord(a.replace(/^~/, ''))))
        .find(Boolean);
      id = inStore?.id ?? key;
      entry = groups.get(id) ?? {
        name: inStore?.name ?? groupName(key, language),
        key,
        ...(inStore ? { ref: inStore.id } : {}),
        offsets: [],
      };
    } else continue;
    entry.offsets.push(span(h));
    groups.set(id, entry);
    groupOfHit.set(h, id);
  }

  // Places: the press list and gazetteer regions found by name, then the gazetteer's towns.
  const places = new Map<PlaceEntry, Place>();
  const placeOfToken = new Map<number, PlaceEntry>();
  const addPlace = (p: PlaceEntry, s: Span & { from: number; to: number }) => {
    const existing = places.get(p);
    if (existing) existing.offsets.push(span(s));
    else
      places.set(p, {
        name: language === 'fr' ? p.names.fr : p.names.en,
        text: text.slice(s.start, s.end),
        kind: p.kind,
        ...(p.country ? { country: p.country } : {}),
        ...(p.countries ? { countries: p.countries } : {}),
        ...(p.admin1 ? { admin1: p.admin1 } : {}),
        ...(p.lat !== undefined && p.lon !== undefined ? { lat: p.lat, lon: p.lon } : {}),
        offsets: [span(s)],
      });
    placeOfToken.set(s.from, p);
  };
  for (const h of names) if (h.entry.kind === 'place') addPlace(h.entry.place, h);
  for (const t of townHits) addPlace(t.place, t);
  for (const c of cuedHits) addPlace(c.place, c);

  const people: Person[] = peopleHits.map((p) => ({
    name: p.name,
    ...(p.role ? { role: p.role } : {}),
    offsets: p.spans.map(span).sort((a, b) => a.start - b.start),
  }));

  const dates: DateMention[] = [];
  for (const d of dateHits) {
    const same = dates.find((x) => x.text === d.text && x.date === d.date);
    if (same) same.offsets.push(span(d));
    else
      dates.push({
        text: d.text,
        date: d.date,
        precision: d.precision,
        relative: d.relative,
        offsets: [span(d)],
      });
  }

  // Casualties: not on tokens that are dates, nor on names.
  const inDates = new Uint8Array(tokens.length);
  for (const d of dateHits) inDates.fill(1, d.from, d.to);
  const casualtyHits = findCasualties(ctx, inDates);
  const inCasualties = new Uint8Array(inDates);
  for (const c of casualtyHits) inCasualties.fill(1, c.from, c.to);
  const figures = findFigures(ctx, inCasualties).map((f) => ({
    count: f.count,
    what: f.what,
    text: f.text,
    offsets: [span(f)],
  }));

  // Incidents, sentence by sentence.
  const sentences = new Map<number, SentenceFacts>();
  const factsOf = (i: number): SentenceFacts => {
    const s = ctx.sentence[i]!;
    let f = sentences.get(s);
    if (!f) {
      f = {
        sentence: s,
        paragraph: ctx.paragraph[i]!,
        start: tokens[i]!.start,
        end: tokens[i]!.end,
        first: i,
        last: i + 1,
        placeTokens: [],
        trigger: undefined,
        places: [],
        dates: [],
        groups: [],
        casualties: [],
      };
      sentences.set(s, f);
    }
    f.start = Math.min(f.start, tokens[i]!.start);
    f.end = Math.max(f.end, tokens[i]!.end);
    f.first = Math.min(f.first, i);
    f.last = Math.max(f.last, i + 1);
    return f;
  };
  for (let i = 0; i < tokens.length; i += 1) if (tokens[i]!.raw !== '\n') factsOf(i);
  // The headline repeats the article: its sentence opens no incident of its own.
  const headline = input.title && text.startsWith(input.title) ? ctx.sentence[0] : -1;
  const placeList = [...places.keys()];
  const placeIndex = new Map(placeList.map((p, k) => [p, k]));
  // The countries each sentence names, in the order of the article.
  const countriesOfSentence = new Map<number, string[]>();
  for (const [iso2, offsets] of Object.entries(countryOffsets))
    for (const o of offsets) {
      const k = tokenAt.get(o.start);
      if (k === undefined) continue;
      const list = countriesOfSentence.get(ctx.sentence[k]!) ?? [];
      if (!list.includes(iso2)) list.push(iso2);
      countriesOfSentence.set(ctx.sentence[k]!, list);
    }
  // "مقديشو - أعلنت …", "RABAT, Morocco —", "Bamako, 2 juillet 2024 (AFP) -": where the report was
  // filed, not where things happened.
  const datelinePlace = (from: number) => {
    const start = tokens[from]!.start;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    return (
      start - lineStart <= 3 &&
      /^[^\n.]{0,60}?\s[-–—]\s|^[^\n.]{0,60}?\(/.test(text.slice(start, start + 70))
    );
  };
  for (const [from, p] of placeOfToken) {
    if (datelinePlace(from)) continue;
    if (p.kind === 'area' && !p.countries && !p.country) continue;
    const facts = factsOf(from);
    facts.places.push(placeIndex.get(p)!);
    facts.placeTokens.push(from);
  }
  // The dateline's date is when the article was written, not when things happened.
  const dateline = (d: (typeof dateHits)[number]) =>
    !d.relative && d.date === published && d.start - text.lastIndexOf('\n', d.start) <= 60;
  dateHits.forEach((d, k) => {
    // Unresolved dates ("Wednesday" with no publication date) still tell a sentence has its own time.
    if (d.precision !== 'year' && !dateline(d)) factsOf(d.from).dates.push(k);
  });
  const groupIds = [...groups.keys()];
  for (const [h, id] of groupOfHit) factsOf(h.from).groups.push(groupIds.indexOf(id));
  for (const c of casualtyHits) factsOf(c.from).casualties.push(c);
  const ordered = [...sentences.values()]
    .filter((s) => s.sentence !== headline)
    .sort((a, b) => a.sentence - b.sentence);
  for (const s of ordered) {
    const found = sentenceTrigger(ctx, s.first, s.last);
    s.trigger = found?.type;
    if (found) s.triggerAt = found.start;
  }
  // The country most named: where an incident is when its sentences name none.
  const mainCountry = Object.entries(countryOffsets).sort(
    (a, b) => b[1].length - a[1].length,
  )[0]?.[0];
  const incidents: Incident[] = groupIncidents(ctx, ordered).map((draft) => {
    const sents = draft.sentences;
    const placeEntries = [...new Set(sents.flatMap((s) => s.places))].map((k) => placeList[k]!);
    // Where it happened: the place named nearest the event word, else the most precise one.
    const firstSentence = sents[0]!;
    const anchor = firstSentence.triggerAt ?? firstSentence.start;
    const nearTrigger = firstSentence.placeTokens
      .filter((from) => placeEntries.includes(placeOfToken.get(from)!))
      .sort((a, b) => Math.abs(tokens[a]!.start - anchor) - Math.abs(tokens[b]!.start - anchor))
      .map((from) => placeOfToken.get(from)!);
    const specific =
      nearTrigger[0] ??
      placeEntries.find((p) => p.kind === 'town') ??
      placeEntries.find((p) => p.kind === 'admin1') ??
      placeEntries[0];
    const dateHit = sents
      .flatMap((s) => s.dates)
      .map((k) => dateHits[k]!)
      .find((d) => d.date && d.date.length === 10);
    const groupsHere = [...new Set(sents.flatMap((s) => s.groups))].map((k) =>
      groups.get(groupIds[k]!)!,
    );
    const casualties: Casualty[] = sents
      .flatMap((s) => s.casualties)
      .map((c) => ({ kind: c.kind, count: c.count, text: c.text, offsets: c.parts.map(span) }));
    const sum = (kind: string) =>
      casualties.filter((c) => c.kind === kind).reduce((n, c) => n + c.count, 0);
    const sentenceCountry = sents.flatMap((s) => countriesOfSentence.get(s.sentence) ?? [])[0];
    const country = specific?.country ?? sentenceCountry ?? mainCountry;
    const fatalities = sum('killed');
    const wounded = sum('wounded');
    const kidnapped = sum('kidnapped');
    return {
      ...(dateHit?.date && dateHit.date.length === 10 ? { date: dateHit.date } : {}),
      ...(country ? { country } : {}),
      ...(specific?.admin1 ? { admin1: specific.admin1 } : {}),
      ...(specific && specific.kind !== 'admin1'
        ? { location: language === 'fr' ? specific.names.fr : specific.names.en }
        : {}),
      ...(specific?.lat !== undefined && specific.lon !== undefined
        ? { lat: specific.lat, lon: specific.lon }
        : {}),
      ...(fatalities ? { fatalities } : {}),
      ...(wounded ? { wounded } : {}),
      ...(kidnapped ? { kidnapped } : {}),
      groups: groupsHere.map((g) => g.name),
      group_refs: groupsHere.flatMap((g) => (g.ref ? [g.ref] : [])),
      event_type: draft.eventType,
      summary: sents.map((s) => text.slice(s.start, s.end)).join(' '),
      casualties,
      offsets: sents.map((s) => ({ start: s.start, end: s.end })),
    };
  });

  return {
    language,
    title: input.title,
    text,
    ...(published ? { published } : {}),
    ...(input.source ? { source: input.source } : {}),
    people,
    organizations: [...orgs.values()],
    groups: [...groups.values()],
    places: [...places.values()],
    countries: Object.keys(countryOffsets),
    country_offsets: countryOffsets,
    dates,
    figures,
    incidents,
  };
}
