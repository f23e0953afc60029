import { PhraseMatcher, type Match } from '../matcher.ts';
import { lexicon, type Entry, type PlaceEntry } from '../lexicon/index.ts';
import { NATIONALITY_HEADS } from '../lexicon/countries.ts';
import { GROUP_CUES, KNOWN_GROUPS } from '../lexicon/groups.ts';
import { normaliseArabic, normaliseLatin, normaliseWord } from '../text.ts';
import { claim, isIn, nextWord, prevWord, TokenKind, type Context, type Span } from './context.ts';

/**
 * Names found by dictionary: organisations, armed groups (the store's and the built-in list),
 * countries and places. Each dictionary entry may carry a condition on its neighbours: a word that
 * is also a common word needs a cue before it ("مدينة", "تنظيم"), an ambiguous nationality adjective
 * needs a noun it qualifies ("الجيش المالي").
 */

/** A group as the store knows it: an intrusion-set or threat-actor and all its names. */
export interface StoreGroup {
  id: string;
  name: string;
  aliases: string[];
}

export interface NameHit extends Span {
  from: number;
  to: number;
  entry: Entry | { kind: 'store-group'; group: StoreGroup };
}

const AR = (words: string[]) => new Set(words.map(normaliseArabic));
const LAT = (words: string[]) => new Set(words.map(normaliseLatin));

const ADMIN_CUES = new Set([
  ...AR([
    'ولاية',
    'إقليم',
    'محافظة',
    'منطقة',
    'مقاطعة',
    'جهة',
    'عمالة',
    'دائرة',
    'بولاية',
    'بإقليم',
    'بمحافظة',
    'بمنطقة',
  ]),
  ...LAT([
    'region',
    'province',
    'state',
    'county',
    'district',
    'région',
    'préfecture',
    'département',
    'cercle',
    'comté',
    'governorate',
    'gouvernorat',
  ]),
]);
const TOWN_CUES = new Set([
  ...AR([
    'مدينة',
    'بلدة',
    'قرية',
    'بلدية',
    'ضواحي',
    'قرب',
    'مخيم',
    'معسكر',
    'عاصمة',
    'بمدينة',
    'ببلدة',
    'بقرية',
    'محيط',
    'مناطق',
    'أطراف',
  ]),
  ...LAT([
    'town',
    'city',
    'village',
    'locality',
    'ville',
    'localité',
    'commune',
    'bourg',
    'outskirts',
    'near',
    'camp',
    'près',
    'capital',
    'capitale',
  ]),
]);
/** Words between a cue and the name: "town of", "région de", "ville d'". */
const CUE_LINKS = LAT(['of', 'de', 'du', 'des', 'd', "'", 'la', 'le', 'l', 'the']);
/** Prepositions that often precede a place: they make a place reading likelier, not certain. */
const PLACE_PREPOSITIONS = LAT([
  'in',
  'at',
  'near',
  'from',
  'to',
  'à',
  'a',
  'au',
  'aux',
  'dans',
  'vers',
  'en',
  'sur',
  'depuis',
  'of',
  'de',
  'du',
  'outside',
  'around',
]);

const GROUP_CUE_SET = AR(GROUP_CUES);
const LATIN_GROUP_CUES = LAT([
  'fighters',
  'militants',
  'insurgents',
  'jihadists',
  'group',
  'groupe',
  'combattants',
  'jihadistes',
  'islamists',
  'islamistes',
  'terroristes',
  'terrorists',
  'des',
  'les',
  'by',
  'par',
]);
const NATIONALITY_HEAD_SET = AR(NATIONALITY_HEADS);
/** "القاعدة العسكرية" is a military base, not al-Qaeda. */
const BASE_ADJECTIVES = AR([
  'العسكرية',
  'الجوية',
  'البحرية',
  'الأمريكية',
  'الفرنسية',
  'الروسية',
  'الأجنبية',
  'القانونية',
  'الشعبية',
  'الانتخابية',
  'الصناعية',
  'الاقتصادية',
  'الذهبية',
  'العامة',
  'الأساسية',
]);
/** "الساحل الشرقي" is the east coast, not the Sahel. */
const COAST_ADJECTIVES = AR([
  'الشرقي',
  'الغربي',
  'الشمالي',
  'الجنوبي',
  'السوري',
  'اللبناني',
  'الليبي',
  'التونسي',
  'الجزائري',
  'المغربي',
  'الأطلسي',
  'المتوسطي',
  'الكيني',
  'الصومالي',
  'الموزمبيقي',
  'التنزاني',
]);

function cueBefore(ctx: Context, from: number, cues: ReadonlySet<string>): boolean {
  let k = prevWord(ctx, from);
  for (let hops = 0; k >= 0 && hops < 2 && isIn(ctx, k, CUE_LINKS); hops += 1) k = prevWord(ctx, k);
  if (k < 0) return false;
  return isIn(ctx, k, cues);
}

/** An Arabic place written with the cue attached ("بولاية جاوا" has its cue in the previous word). */
function placeCue(ctx: Context, m: Match<unknown>): 'admin1' | 'town' | null {
  if (cueBefore(ctx, m.from, ADMIN_CUES)) return 'admin1';
  if (cueBefore(ctx, m.from, TOWN_CUES)) return 'town';
  const after = nextWord(ctx, m.to);
  if (after >= 0 && isIn(ctx, after, ADMIN_CUES) && ctx.tokens[after]!.script === 'lat')
    return 'admin1';
  return null;
}

function groupCue(ctx: Context, m: Match<unknown>, hits: readonly NameHit[]): boolean {
  const k = prevWord(ctx, m.from);
  if (k >= 0 && (isIn(ctx, k, GROUP_CUE_SET) || isIn(ctx, k, LATIN_GROUP_CUES))) return true;
  // "داعش والقاعدة": a group joined by "و" to a group just named.
  const first = ctx.tokens[m.from]!;
  const last = hits[hits.length - 1];
  return (
    first.script === 'ar' &&
    first.norm.startsWith('و') &&
    last?.entry.kind === 'group' &&
    last.to === m.from
  );
}

function accepts(ctx: Context, m: Match<Entry>, entry: Entry, hits: readonly NameHit[]): boolean {
  switch (entry.kind) {
    case 'country': {
      if (!entry.ambiguous) return true;
      const k = prevWord(ctx, m.from);
      return k >= 0 && isIn(ctx, k, NATIONALITY_HEAD_SET);
    }
    case 'place': {
      if (entry.cued && !placeCue(ctx, m)) return false;
      if (entry.place.name === 'Sahel' && ctx.tokens[m.from]!.script === 'ar') {
        const after = nextWord(ctx, m.to);
        if (after >= 0 && isIn(ctx, after, COAST_ADJECTIVES)) return false;
      }
      return true;
    }
    case 'group': {
      if (entry.key === 'al-qaeda' && entry.cued) {
        const after = nextWord(ctx, m.to);
        if (after >= 0 && isIn(ctx, after, BASE_ADJECTIVES)) return false;
      }
      return !entry.cued || groupCue(ctx, m, hits);
    }
    default:
      return true;
  }
}

/** Of several readings of one phrase, the one the context favours. */
function choose(ctx: Context, m: Match<Entry>): Entry {
  const places = m.values.filter((v): v is Extract<Entry, { kind: 'place' }> => v.kind === 'place');
  const names = m.values.filter((v) => v.kind === 'country' && !v.demonym);
  if (names.length > 0) return names[0]!;
  if (places.length > 1) {
    const cue = placeCue(ctx, m);
    const want = cue === 'admin1' ? 'admin1' : 'town';
    const press = places.filter((p) => p.place.press);
    const pool = press.length > 0 ? press : places;
    return pool.find((p) => p.place.kind === want) ?? pool[0]!;
  }
  return m.values[0]!;
}

let storeMatchers = new WeakMap<readonly StoreGroup[], PhraseMatcher<StoreGroup>>();

function storeMatcher(groups: readonly StoreGroup[]): PhraseMatcher<StoreGroup> {
  let m = storeMatchers.get(groups);
  if (!m) {
    m = new PhraseMatcher<StoreGroup>();
    for (const g of groups)
      for (const alias of [g.name, ...g.aliases]) if (alias.trim().length >= 2) m.add(alias, g);
    storeMatchers.set(groups, m);
  }
  return m;
}

/** For tests: forget the matchers built for store groups. */
export function resetStoreMatchers(): void {
  storeMatchers = new WeakMap();
}

export function findNames(ctx: Context, storeGroups: readonly StoreGroup[]): NameHit[] {
  const { names } = lexicon();
  const hits: NameHit[] = [];
  // The store's groups first: they are the analysts' own, and a match links to them.
  if (storeGroups.length > 0) {
    for (const m of storeMatcher(storeGroups).all(ctx.tokens, ctx.taken)) {
      hits.push({
        from: m.from,
        to: m.to,
        start: m.start,
        end: m.end,
        entry: { kind: 'store-group', group: m.value },
      });
      claim(ctx, m.from, m.to, TokenKind.group);
    }
  }
  const found = names.all(ctx.tokens, ctx.taken, (m) => {
    m.values = m.values.filter((v) => accepts(ctx, m, v, hits));
    m.value = m.values[0]!;
    return m.values.length > 0;
  });
  for (const m of found) {
    const entry = choose(ctx, m);
    hits.push({ from: m.from, to: m.to, start: m.start, end: m.end, entry });
    claim(ctx, m.from, m.to, TokenKind[entry.kind]);
  }
  return hits.sort((a, b) => a.from - b.from);
}

export interface TownHit extends Span {
  from: number;
  to: number;
  place: PlaceEntry;
}

/**
 * Towns of the gazetteer that no dictionary above knows, in Latin script: a capitalised name, in a
 * country the article names (or after a place word), and not a common English or French word.
 */
export function findTowns(ctx: Context, countries: ReadonlySet<string>): TownHit[] {
  const { towns, commonWords } = lexicon();
  const out: TownHit[] = [];
  for (const m of towns.all(ctx.tokens, ctx.taken)) {
    const first = ctx.tokens[m.from]!;
    if (first.script !== 'lat' || !first.cap) continue;
    const word = ctx.tokens
      .slice(m.from, m.to)
      .map((t) => t.norm)
      .join(' ');
    const cued = cueBefore(ctx, m.from, TOWN_CUES) || cueBefore(ctx, m.from, ADMIN_CUES);
    const prep = (() => {
      const k = prevWord(ctx, m.from);
      return k >= 0 && PLACE_PREPOSITIONS.has(ctx.tokens[k]!.norm);
    })();
    if (commonWords.has(word) && !cued) continue;
    // Sentence-initial capitals prove nothing: there the name needs a preposition or a cue.
    const k = prevWord(ctx, m.from);
    const sentenceStart = k < 0 || ctx.tokens[k]!.raw === '\n';
    const inArticleCountry = m.values.filter((p) => p.country && countries.has(p.country));
    // A town of a country the article does not name is left to the cue rule (a place of the
    // article's country), unless the article names no country at all.
    const pool =
      inArticleCountry.length > 0
        ? inArticleCountry
        : (cued || prep) && countries.size === 0
          ? m.values
          : [];
    if (pool.length !== 1 && !(pool.length > 1 && inArticleCountry.length > 0)) continue;
    if (sentenceStart && !cued && inArticleCountry.length === 0) continue;
    if (!cued && !prep && inArticleCountry.length === 0) continue;
    // A name followed by another capitalised word is likelier a person or an organisation.
    const after = ctx.tokens[m.to];
    if (
      after?.script === 'lat' &&
      after.cap &&
      after.start === ctx.tokens[m.to - 1]!.end + 1 &&
      !cued
    )
      continue;
    out.push({ from: m.from, to: m.to, start: m.start, end: m.end, place: pool[0]! });
    claim(ctx, m.from, m.to, TokenKind.place);
  }
  return out;
}

/**
 * The group meant by a built-in key in this article: Mozambique's insurgents are called
 * "al-Shabaab" locally, with no tie to Somalia's al-Shabaab.
 */
export function groupInContext(key: string, countries: ReadonlySet<string>): string {
  const horn = KNOWN_GROUPS.find((g) => g.key === 'al-shabaab')!.countries!;
  if (
    key === 'al-shabaab' &&
    !horn.some((c) => countries.has(c)) &&
    (countries.has('MZ') || countries.has('TZ'))
  )
    return 'is-mozambique';
  return key;
}

/** Normalised alias → built-in group key, to link built-in finds to the store's groups. */
export function aliasKeys(): Map<string, string> {
  const map = new Map<string, string>();
  for (const g of KNOWN_GROUPS)
    for (const a of [...g.aliases, g.names.en, g.names.fr, g.names.ar])
      map.set(normaliseWord(a.replace(/^~/, '')), g.key);
  return map;
}
