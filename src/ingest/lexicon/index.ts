import fs from 'node:fs';
import path from 'node:path';
import { PhraseMatcher } from '../matcher.ts';
import { normaliseLatin } from '../text.ts';
import { AMBIGUOUS_DEMONYMS, countryNames } from './countries.ts';
import { KNOWN_GROUPS } from './groups.ts';
import { KNOWN_ORGANISATIONS } from './organisations.ts';
import { PRESS_PLACES, WORLD_CITIES } from './places.press.ts';

/**
 * The dictionaries the extractors share, built once per process: one phrase matcher for names
 * (organisations, groups, countries, the press's places) and one for the gazetteer's towns, which
 * are looked for last and under stricter conditions.
 */

export type PlaceKind = 'town' | 'admin1' | 'area';

export interface PlaceEntry {
  name: string;
  names: { en: string; fr: string; ar?: string };
  kind: PlaceKind;
  country?: string;
  countries?: string[];
  admin1?: string;
  lat?: number;
  lon?: number;
  /** From the press list (well known), not only the gazetteer. */
  press: boolean;
}

export type Entry =
  | { kind: 'country'; iso2: string; demonym: boolean; ambiguous: boolean }
  | { kind: 'place'; place: PlaceEntry; cued: boolean }
  | { kind: 'group'; key: string; cued: boolean }
  | { kind: 'org'; key: string; name: string };

export interface Lexicon {
  names: PhraseMatcher<Entry>;
  towns: PhraseMatcher<PlaceEntry>;
  /** Town names that are also words of the article's languages: need a place word before them. */
  commonWords: Set<string>;
  placeByKey: Map<string, PlaceEntry>;
  /** Every place of the dictionaries and the gazetteer (each once). */
  allPlaces(): PlaceEntry[];
}

interface Gazetteer {
  admin1: [string, string, string, number?, number?][];
  towns: [string, string, string, number, number][];
}

const GAZETTEER_FILE = path.join(import.meta.dirname, '../gazetteer/africa.json');

/** Admin1 names that are plain words ("Centre", "Nord", "Lac", "Delta"): only with "Region" etc. */
const GENERIC_ADMIN1 = new Set(
  [
    'centre',
    'center',
    'central',
    'nord',
    'north',
    'sud',
    'south',
    'est',
    'east',
    'ouest',
    'west',
    'lac',
    'lakes',
    'delta',
    'littoral',
    'plateau',
    'plateaux',
    'savanes',
    'maritime',
    'kara',
    'north-west',
    'south-west',
    'north west',
    'south west',
    'far north',
    'extreme-nord',
    'centre-est',
    'centre-nord',
    'centre-ouest',
    'centre-sud',
    'sud-ouest',
    'nord-ouest',
    'nord-est',
    'sahel',
    'bay',
    'bari',
    'capital',
    'eastern',
    'western',
    'northern',
    'southern',
    'upper',
    'lower',
    'coast',
    'lagunes',
    'montagnes',
    'red sea',
    'white nile',
    'blue nile',
    'river nile',
    'northern state',
    'river',
    'sea',
    'island',
    'islands',
    'mid',
    'upper east',
    'upper west',
    'volta',
    'oti',
    'bono',
    'ahafo',
    'savannah',
    'gaza',
    'tete',
    'manica',
    'central river',
    'north bank',
    'lower river',
    'western area',
    'southern province',
    'northern province',
    'eastern province',
    'western province',
    'central province',
    'north western',
    'north central',
    'copperbelt',
    'mara',
    'lindi',
    'coast',
    'somali',
    'afar',
    'harari',
    'amhara',
    'sud-kivu',
    'moyen',
    'haut',
    'bas',
  ].map(normaliseLatin),
);

/**
 * English and French words that are also names of African towns ("Man", "Police", "Same", "Bar"):
 * such a town is recognised only after a place word ("in", "à", "town of").
 */
const COMMON_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'man police bar mission union army press station camp market river lake hill mount city town village port bay gold sun moon star new old good best great big small long high low north south east west central upper lower sea island isle coast point rock tree wood forest field garden park bridge road street gate church school college hospital mine farm ranch kingdom republic state nation world africa european president general secretary minister king queen prince princess lord lady saint sainte saint-louis victoria independence liberty freedom peace hope unity progress future summit conference meeting group force forces front movement party council government office ministry department embassy ' +
    'le la les un une des du de et ou mais donc or ni car je tu il elle nous vous ils elles ce cette ces mon ton son ma ta sa mes tes ses notre votre leur leurs qui que quoi dont ou pour par sur sous dans avec sans chez entre vers depuis pendant contre selon lors plus moins tres bien mal tout tous toute toutes autre autres meme aussi ainsi alors apres avant encore deja jamais toujours souvent parfois ville village camp marche fleuve lac mont port pays etat nation monde paix union armee police mission force forces front mouvement parti conseil gouvernement bureau ministere sommet reunion groupe roi reine president general ministre secretaire ' +
    'kaya mali niger chad guinea congo sudan nigeria ghana kenya benin togo gabon gambia malawi zambia rwanda burundi uganda tanzania angola namibia botswana lesotho eswatini somalia eritrea ethiopia djibouti egypt libya tunisia algeria morocco mauritania senegal liberia cameroon madagascar comoros seychelles mauritius mozambique zimbabwe'
  ).split(/\s+/),
);

let built: Lexicon | null = null;

/** The dictionaries, built on first use (a few tens of milliseconds) and kept. */
export function lexicon(): Lexicon {
  if (built) return built;
  const names = new PhraseMatcher<Entry>();
  const towns = new PhraseMatcher<PlaceEntry>();
  const placeByKey = new Map<string, PlaceEntry>();
  const gazetteer = JSON.parse(fs.readFileSync(GAZETTEER_FILE, 'utf8')) as Gazetteer;

  for (const o of KNOWN_ORGANISATIONS) {
    for (const alias of o.aliases) names.add(alias, { kind: 'org', key: o.key, name: o.name });
  }
  for (const g of KNOWN_GROUPS) {
    for (const alias of g.aliases) {
      const cued = alias.startsWith('~');
      names.add(cued ? alias.slice(1) : alias, { kind: 'group', key: g.key, cued });
    }
  }
  for (const c of countryNames()) {
    names.add(
      c.text,
      {
        kind: 'country',
        iso2: c.iso2,
        demonym: c.demonym,
        ambiguous: c.demonym && AMBIGUOUS_DEMONYMS.has(c.text),
      },
      c.capital === false ? { capital: false } : {},
    );
  }

  // Towns and regions of the gazetteer, by country and name.
  const townIndex = new Map<string, PlaceEntry>();
  const regionIndex = new Map<string, PlaceEntry>();
  for (const [cc, short, full, lat, lon] of gazetteer.admin1) {
    const place: PlaceEntry = {
      name: short,
      names: { en: short, fr: short },
      kind: 'admin1',
      country: cc,
      admin1: short,
      ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
      press: false,
    };
    regionIndex.set(`${cc}:${normaliseLatin(short)}`, place);
    const generic = GENERIC_ADMIN1.has(normaliseLatin(short));
    const forms = generic
      ? [full !== short ? full : `${short} Region`, `${short} Province`, `${short} State`]
      : [short, full, `${short} Region`, `${short} Province`, `${short} State`];
    for (const form of forms) names.add(form, { kind: 'place', place, cued: false });
  }
  for (const [name, cc, admin1, lat, lon] of gazetteer.towns) {
    const place: PlaceEntry = {
      name,
      names: { en: name, fr: name },
      kind: 'town',
      country: cc,
      ...(admin1 ? { admin1 } : {}),
      lat,
      lon,
      press: false,
    };
    const key = `${cc}:${normaliseLatin(name)}`;
    if (!townIndex.has(key)) townIndex.set(key, place);
    if (name.length >= 3) towns.add(name, place, { capital: true });
  }

  for (const line of PRESS_PLACES.split('\n')) {
    if (!line.trim()) continue;
    const [cc, kindField, en, fr, ar, position] = line.split(';') as string[];
    const [kindCode, spanned] = kindField!.split(':');
    const kind: PlaceKind = kindCode === 't' ? 'town' : kindCode === 'a' ? 'admin1' : 'area';
    const plain = (s: string) => s.replace(/^~/, '');
    const enName = plain(en!);
    const frName = plain(fr || en!);
    const known =
      kind === 'town'
        ? (townIndex.get(`${cc}:${normaliseLatin(enName)}`) ??
          townIndex.get(`${cc}:${normaliseLatin(frName)}`))
        : kind === 'admin1'
          ? (regionIndex.get(
              `${cc}:${normaliseLatin(enName.replace(/ (Region|Province|State|County)$/, ''))}`,
            ) ?? regionIndex.get(`${cc}:${normaliseLatin(frName)}`))
          : undefined;
    const [lat, lon] = position ? position.split(',').map(Number) : [known?.lat, known?.lon];
    const arNames = (ar ?? '').split('/').filter(Boolean);
    const fresh: PlaceEntry = {
      name: enName,
      names: { en: enName, fr: frName, ...(arNames[0] ? { ar: plain(arNames[0]) } : {}) },
      kind,
      ...(cc ? { country: cc } : {}),
      ...(spanned ? { countries: spanned.split(',') } : {}),
      ...(kind === 'admin1'
        ? { admin1: known?.admin1 ?? enName }
        : known?.admin1
          ? { admin1: known.admin1 }
          : {}),
      ...(lat !== undefined && lon !== undefined && !Number.isNaN(lat) ? { lat, lon } : {}),
      press: true,
    };
    // A press place completes the gazetteer's entry of the same name and country (same object, so
    // a name found by either matcher is one place).
    const place = known ? Object.assign(known, { ...fresh, name: known.name, press: true }) : fresh;
    placeByKey.set(`${cc}:${kind}:${normaliseLatin(enName)}`, place);
    for (const spelling of [en!, ...(fr ? [fr] : []), ...arNames]) {
      const cued = spelling.startsWith('~');
      names.add(plain(spelling), { kind: 'place', place, cued });
    }
  }

  for (const line of WORLD_CITIES.split('\n')) {
    if (!line.trim()) continue;
    const [en, fr, ar, cc, position] = line.split(';') as string[];
    const [lat, lon] = position!.split(',').map(Number);
    const arNames = ar!.split('/');
    const place: PlaceEntry = {
      name: en!,
      names: { en: en!, fr: fr!, ar: arNames[0]!.replace(/^~/, '') },
      kind: 'town',
      country: cc!,
      lat,
      lon,
      press: true,
    };
    for (const spelling of [en!, fr!, ...arNames]) {
      const cued = spelling.startsWith('~');
      names.add(spelling.replace(/^~/, ''), { kind: 'place', place, cued });
    }
  }

  const all = new Set<PlaceEntry>([
    ...regionIndex.values(),
    ...townIndex.values(),
    ...placeByKey.values(),
  ]);
  built = { names, towns, commonWords: COMMON_WORDS, placeByKey, allPlaces: () => [...all] };
  return built;
}
