import fs from 'node:fs';
import { createRequire } from 'node:module';
import { geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import { AFRICA } from '../../contract/picture.ts';

/**
 * Countries as the picture needs them: ISO 3166-1 alpha-2 codes (what incidents carry), the
 * numeric codes event datasets and the shipped map shapes use (ACLED `iso`, world-atlas ids), and
 * the names datasets write (ACLED, UCDP GED), matched after folding case, accents and punctuation.
 */

// Codes Intl knows that are not countries: groupings, test codes, exceptionally reserved codes, and
// withdrawn codes it still names after their successors (HV "Burkina Faso", BU "Myanmar").
const NOT_COUNTRIES = new Set(
  'EU EZ UN QO QU XA XB ZZ AC CP DG EA IC TA AN BU CS DD DY FX HV NH NT RH SU TP VD YD YU ZR'.split(
    ' ',
  ),
);

const englishNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const frenchNames = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });

/** Every ISO 3166-1 alpha-2 code Intl names, with its English name. */
const CODES: Map<string, string> = (() => {
  const codes = new Map<string, string>();
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = englishNames.of(code);
      if (name && !NOT_COUNTRIES.has(code)) codes.set(code, name);
    }
  return codes;
})();

export function isCountryCode(value: string): boolean {
  return CODES.has(value);
}

export function countryName(code: string): string {
  return CODES.get(code) ?? code;
}

/** Lower case, no accents, `&` as `and`, punctuation as spaces. */
export function foldName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// How ACLED and UCDP GED write the countries whose names differ from Intl's English ones.
const ALIASES: Record<string, string> = {
  'democratic republic of congo': 'CD',
  'democratic republic of the congo': 'CD',
  'dr congo': 'CD',
  'dr congo zaire': 'CD',
  zaire: 'CD',
  'republic of congo': 'CG',
  'republic of the congo': 'CG',
  congo: 'CG',
  'ivory coast': 'CI',
  'cote divoire': 'CI',
  eswatini: 'SZ',
  swaziland: 'SZ',
  'cabo verde': 'CV',
  'sao tome and principe': 'ST',
  'the gambia': 'GM',
  'united republic of tanzania': 'TZ',
  'central african rep': 'CF',
  'south sudan': 'SS',
  's sudan': 'SS',
  'w sahara': 'EH',
  somaliland: 'SO',
  'eq guinea': 'GQ',
  'dem rep congo': 'CD',
  'madagascar malagasy': 'MG',
  'zimbabwe rhodesia': 'ZW',
  'yemen north yemen': 'YE',
  'russia soviet union': 'RU',
  'serbia yugoslavia': 'RS',
  'cambodia kampuchea': 'KH',
  'myanmar burma': 'MM',
  'bosnia herzegovina': 'BA',
  'bosnia and herzegovina': 'BA',
  palestine: 'PS',
  turkey: 'TR',
};

const BY_NAME: Map<string, string> = (() => {
  const byName = new Map<string, string>();
  for (const [code, name] of CODES) {
    byName.set(foldName(name), code);
    const french = frenchNames.of(code);
    if (french) byName.set(foldName(french), code);
    // "Congo - Kinshasa", "Myanmar (Burma)": also the part before the qualifier.
    const plain = name.replace(/\s*[-(].*$/, '');
    if (plain !== name && !byName.has(foldName(plain))) byName.set(foldName(plain), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  return byName;
})();

/** The alpha-2 code of a country as a dataset names it ("DR Congo (Zaire)", "Ivory Coast"). */
export function countryByName(name: string): string | undefined {
  const folded = foldName(name);
  return BY_NAME.get(folded) ?? BY_NAME.get(foldName(name.replace(/\s*\(.*\)\s*$/, '')));
}

const AFRICA_BY_NUMERIC = new Map(Object.entries(AFRICA).map(([a2, n]) => [n, a2]));

/** The alpha-2 code for an ISO numeric code (ACLED's `iso`), for the countries we ship shapes of. */
export function countryByNumeric(numeric: string): string | undefined {
  const padded = numeric.replace(/\.0+$/, '').padStart(3, '0');
  return AFRICA_BY_NUMERIC.get(padded) ?? shapes().byNumeric.get(padded);
}

interface Shapes {
  byCode: Map<string, Feature<Geometry>[]>;
  byNumeric: Map<string, string>;
}
let loaded: Shapes | undefined;

/** The world-atlas 1:50m country shapes (shipped with the app), by alpha-2 code. */
function shapes(): Shapes {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve('world-atlas/countries-50m.json');
  const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries);
  const byCode = new Map<string, Feature<Geometry>[]>();
  const byNumeric = new Map<string, string>();
  for (const f of collection.features) {
    const numeric = f.id === undefined ? undefined : String(f.id);
    const code =
      (numeric && AFRICA_BY_NUMERIC.get(numeric)) ?? countryByName(f.properties?.name ?? '');
    if (!code) continue;
    if (numeric && !byNumeric.has(numeric)) byNumeric.set(numeric, code);
    byCode.set(code, [...(byCode.get(code) ?? []), f as Feature<Geometry>]);
  }
  loaded = { byCode, byNumeric };
  return loaded;
}

/**
 * Whether a point lies in a country's shape, or within about 25 km of it (coasts and borders are
 * drawn at 1:50m). `undefined` when no shape is shipped for the country.
 */
export function pointInCountry(
  code: string,
  latitude: number,
  longitude: number,
): boolean | undefined {
  const features = shapes().byCode.get(code);
  if (!features) return undefined;
  const near = 0.25;
  for (const [dy, dx] of [
    [0, 0],
    [near, 0],
    [-near, 0],
    [0, near],
    [0, -near],
  ] as const) {
    const point: [number, number] = [longitude + dx, latitude + dy];
    if (features.some((f) => geoContains(f, point))) return true;
  }
  return false;
}
