import { lexicon, type PlaceEntry } from '../lexicon/index.ts';
import { normaliseArabic, normaliseLatin } from '../text.ts';
import { claim, isIn, prevWord, TokenKind, type Context } from './context.ts';
import type { TownHit } from './names.ts';

/**
 * Places the dictionaries do not know, found by what stands before them: after "بلدة", "قرية",
 * "village de", "town of", the next name is a place. An Arabic name is matched to the gazetteer by
 * its consonants (كوتوغو ~ Kotougou: k-t-k), among the towns of the countries the article names;
 * a name the gazetteer does not have is still a place, in the country the sentence names.
 */

/** Words after which a name is a town or a village (Arabic also with "ب" attached: "ببلدة"). */
const TOWN_WORDS = new Set([
  ...['بلدة', 'قرية', 'مدينة', 'بلدية', 'مخيم', 'قرى', 'بلدتي', 'قريتي'].map(normaliseArabic),
  ...[
    'village',
    'town',
    'city',
    'locality',
    'localite',
    'ville',
    'commune',
    'bourg',
    'hameau',
    'camp',
    'villages',
    'towns',
    'communes',
    'localites',
  ].map(normaliseLatin),
]);
const LINKS = new Set(['of', 'de', 'du', 'd', "'", 'des', 'la', 'le', 'l']);
const AR_STOP = new Set(
  [
    'في',
    'من',
    'على',
    'إلى',
    'عن',
    'مع',
    'التي',
    'الذي',
    'شمال',
    'جنوب',
    'شرق',
    'غرب',
    'وسط',
    'قرب',
    'بالقرب',
    'حيث',
    'بين',
    'الحدودية',
    'النائية',
    'الواقعة',
  ].map(normaliseArabic),
);

/** Words after which a name is a region: "province du Soum", "ولاية كاتسينا", "Lamu County". */
const REGION_WORDS = new Set([
  ...['ولاية', 'إقليم', 'محافظة', 'مقاطعة'].map(normaliseArabic),
  ...[
    'province',
    'region',
    'state',
    'district',
    'cercle',
    'departement',
    'prefecture',
    'county',
    'governorate',
    'gouvernorat',
  ].map(normaliseLatin),
]);

/** Consonant classes shared by Arabic and Latin spellings of one name. */
const ARABIC_CLASS: Record<string, string> = {
  ب: 'b',
  پ: 'b',
  ت: 't',
  ط: 't',
  ث: 's',
  ج: 'k',
  ح: '',
  خ: 'k',
  د: 'd',
  ض: 'd',
  ذ: 'z',
  ر: 'r',
  ز: 'z',
  ظ: 'z',
  س: 's',
  ص: 's',
  ش: 'x',
  ع: '',
  غ: 'k',
  ف: 'f',
  ڤ: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: '',
  و: '',
  ي: '',
  ا: '',
  ء: '',
  ى: '',
};

export function arabicSkeleton(word: string): string {
  const w = normaliseArabic(word).replace(/^ال/, '').replace(/\s+ال/g, ' ');
  let out = '';
  for (const ch of w) out += ARABIC_CLASS[ch] ?? '';
  return out.replace(/(.)\1+/g, '$1');
}

export function latinSkeleton(name: string): string {
  const w = normaliseLatin(name)
    .replace(/^(el|al)[\s-]+/, '')
    .replace(/sch|sh|ch/g, 'x')
    .replace(/dj|j|g|q|ck|c(?=[aou])|kh/g, 'k')
    .replace(/c/g, 's')
    .replace(/ph|v/g, 'f')
    .replace(/x(?![aeiou])/g, 'x')
    .replace(/[^a-z]/g, '');
  return w
    .replace(/[aeiouyhw]/g, '')
    .replace(/p/g, 'b')
    .replace(/(.)\1+/g, '$1');
}

let index: Map<string, PlaceEntry[]> | null = null;

function skeletons(): Map<string, PlaceEntry[]> {
  if (index) return index;
  index = new Map();
  const seen = new Set<PlaceEntry>();
  for (const place of lexicon().allPlaces()) {
    if (seen.has(place) || !place.country) continue;
    seen.add(place);
    const key = latinSkeleton(place.name);
    if (key.length < 3) continue;
    const list = index.get(key) ?? [];
    list.push(place);
    index.set(key, list);
  }
  return index;
}

export interface CuedPlace {
  from: number;
  to: number;
  start: number;
  end: number;
  place: PlaceEntry;
}

export function findCuedPlaces(
  ctx: Context,
  countries: ReadonlySet<string>,
  countryOf: (token: number) => string | undefined,
): CuedPlace[] {
  const { tokens } = ctx;
  const out: CuedPlace[] = [];
  for (let i = 1; i < tokens.length; i += 1) {
    if (ctx.taken[i]) continue;
    const t = tokens[i]!;
    if (t.script !== 'ar' && !(t.script === 'lat' && t.cap)) continue;
    let k = prevWord(ctx, i);
    while (k >= 0 && LINKS.has(tokens[k]!.norm)) k = prevWord(ctx, k);
    const region = k >= 0 && isIn(ctx, k, REGION_WORDS);
    if (k < 0 || (!region && !isIn(ctx, k, TOWN_WORDS))) continue;
    // The name: one or two words (two when the second is also a name: "ماينا سوروا", "Malam Fatori").
    let to = i + 1;
    const next = tokens[to];
    if (
      next &&
      !ctx.taken[to] &&
      ((t.script === 'lat' && next.script === 'lat' && next.cap) ||
        (t.script === 'ar' &&
          next.script === 'ar' &&
          !AR_STOP.has(next.norm) &&
          !next.norm.startsWith('ال') &&
          !/^[وب]/.test(next.norm)))
    )
      to += 1;
    // Hyphenated names are one: "Centre-Nord", "Bobo-Dioulasso".
    while (
      t.script === 'lat' &&
      tokens[to]?.raw === '-' &&
      tokens[to]!.start === tokens[to - 1]!.end &&
      tokens[to + 1]?.script === 'lat' &&
      tokens[to + 1]!.start === tokens[to]!.end
    )
      to += 2;
    if (t.script === 'ar' && (AR_STOP.has(t.norm) || t.norm.length < 3)) continue;
    if (t.script === 'lat' && lexicon().commonWords.has(t.norm)) continue;
    const written = ctx.text.slice(t.start, tokens[to - 1]!.end);
    const key = t.script === 'ar' ? arabicSkeleton(written) : latinSkeleton(written);
    const candidates = (skeletons().get(key) ?? []).filter(
      (p) => p.country && countries.has(p.country),
    );
    const towns = candidates.filter((p) => p.kind === (region ? 'admin1' : 'town'));
    const known =
      towns.length === 1 ? towns[0] : candidates.length === 1 ? candidates[0] : undefined;
    // An unknown Arabic word with the article or an adjective's ending is a noun ("مخيم اللاجئين").
    if (
      !known &&
      t.script === 'ar' &&
      (t.norm.startsWith('ال') || t.norm.endsWith('يه') || t.norm.endsWith('ين'))
    )
      continue;
    const country = known?.country ?? countryOf(i);
    const place: PlaceEntry = known ?? {
      name: written,
      names: { en: written, fr: written, ...(t.script === 'ar' ? { ar: written } : {}) },
      kind: region ? 'admin1' : 'town',
      ...(country ? { country } : {}),
      press: false,
    };
    out.push({ from: i, to, start: t.start, end: tokens[to - 1]!.end, place });
    claim(ctx, i, to, TokenKind.place);
  }
  return out;
}

export type { TownHit };
