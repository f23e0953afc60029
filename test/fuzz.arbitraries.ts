import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { FIXTURES } from './helpers.ts';

/**
 * What the fuzzing sends (test/fuzz.test.ts): real objects and files from the fixtures, mutated,
 * and things built from nothing. Every arbitrary here is a value a careless or hostile client can
 * send; none needs the app.
 */

const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

/** Real objects to mutate: the OASIS examples, the ATT&CK excerpt and the STIX SCO examples. */
export function seedObjects(): Record<string, unknown>[] {
  const bundles = [
    'stix/cti-stix2-json-schemas/examples/indicators-for-C2-with-COA.json',
    'stix/cti-stix2-json-schemas/examples/poisonivy.json',
    'stix/mitre-attack/attack-18-excerpt.json',
  ].flatMap((f) => (JSON.parse(read(f)) as { objects: Record<string, unknown>[] }).objects);
  const scos = JSON.parse(read('stix/cti-python-stix2/sco-examples-bundle.json')) as Record<
    string,
    unknown
  >[];
  return [...bundles, ...scos];
}

/** Values of every JSON type, the ones validators forget first. */
export const wrongType = fc.constantFrom<unknown>(
  null,
  0,
  -1,
  1.5e308,
  true,
  false,
  '',
  'x',
  ' ',
  [],
  [null],
  {},
  { '': null },
  '2024-02-30T25:61:61Z',
  'indicator--not-a-uuid',
  '\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\ud800',
);

/** Any JSON value, sometimes deep, sometimes huge. */
export const anyJson = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.string({ minLength: 10_000, maxLength: 60_000 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 50, max: 3_000 })
      .map((d) => JSON.parse('['.repeat(d) + ']'.repeat(d)) as unknown),
  },
);

/**
 * A copy of `value` with the thing at a random path (any depth: into nested objects and arrays)
 * replaced by `replacement`, or removed when `replacement` is undefined.
 */
function replaceAt(value: unknown, picks: number[], replacement: unknown): unknown {
  const [pick, ...rest] = picks;
  if (pick === undefined || value === null || typeof value !== 'object') return replacement;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement === undefined ? value : [replacement];
    const i = pick % value.length;
    const copy = [...value] as unknown[];
    const next = rest.length > 0 ? replaceAt(copy[i], rest, replacement) : replacement;
    if (next === undefined) copy.splice(i, 1);
    else copy[i] = next;
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[pick % keys.length]!;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next =
    rest.length > 0 && copy[key] !== null && typeof copy[key] === 'object'
      ? replaceAt(copy[key], rest, replacement)
      : replacement;
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

/** A real object with one property, at any depth, replaced by a value of another type, or removed. */
export function mutated(seeds: Record<string, unknown>[]) {
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      fc.option(anyJson, { nil: undefined, freq: 6 }),
    )
    .map(([seed, picks, value]) => replaceAt(seed, picks, value) as Record<string, unknown>);
}

const STIX_TYPES = [
  'indicator',
  'report',
  'malware',
  'intrusion-set',
  'threat-actor',
  'identity',
  'relationship',
  'sighting',
  'location',
  'note',
  'opinion',
  'language-content',
  'marking-definition',
  'ipv4-addr',
  'domain-name',
  'file',
  'extension-definition',
  'x-custom-thing',
  'bundle',
  'Indicator',
  '',
];

const timestamp = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('2024-02-30T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00+01:00', 'now', ''),
);

const ref = fc.oneof(
  fc.tuple(fc.constantFrom(...STIX_TYPES), fc.uuid()).map(([t, u]) => `${t}--${u}`),
  fc.constantFrom(
    'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
    'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
    'identity--not-a-uuid',
  ),
  fc.string({ maxLength: 40 }),
);

/** A STIX-looking object built from nothing: the common properties with likely and unlikely values. */
export const randomStix = fc
  .record(
    {
      type: fc.constantFrom(...STIX_TYPES),
      uuid: fc.oneof(fc.uuid(), fc.constantFrom('0', 'not-a-uuid', '')),
      spec_version: fc.constantFrom('2.1', '2.0', '2.2', 2.1, ''),
      created: timestamp,
      modified: timestamp,
      name: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 })),
      description: fc.string({ maxLength: 2_000 }),
      labels: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }),
      object_marking_refs: fc.array(ref, { maxLength: 3 }),
      created_by_ref: ref,
      object_refs: fc.array(ref, { maxLength: 5 }),
      source_ref: ref,
      target_ref: ref,
      relationship_type: fc.constantFrom('uses', 'targets', 'indicates', ''),
      pattern: fc.oneof(
        fc.constant("[ipv4-addr:value = '198.51.100.7']"),
        fc.string({ maxLength: 100 }),
      ),
      pattern_type: fc.constantFrom('stix', 'snort', ''),
      valid_from: timestamp,
      value: fc.string({ maxLength: 100 }),
      confidence: fc.oneof(fc.integer({ min: -10, max: 200 }), fc.double()),
      lang: fc.constantFrom('ar', 'fr', 'en', 'xx', ''),
      revoked: fc.boolean(),
      extensions: fc.dictionary(fc.string({ maxLength: 60 }), anyJson, { maxKeys: 2 }),
      granular_markings: fc.array(
        fc.record({ marking_ref: ref, selectors: fc.array(fc.string({ maxLength: 20 })) }),
        { maxLength: 2 },
      ),
      extra: fc.dictionary(fc.string({ maxLength: 30 }), anyJson, { maxKeys: 3 }),
    },
    {
      requiredKeys: ['type', 'uuid', 'spec_version', 'created', 'modified'],
    },
  )
  .map(({ type, uuid, extra, ...rest }) => ({
    ...extra,
    ...rest,
    type,
    id: `${type}--${uuid}`,
  }));

/** STIX objects of every kind: real ones mutated at any depth, or built from nothing. */
export function stixObjects(seeds: Record<string, unknown>[]) {
  return fc.oneof(
    { weight: 3, arbitrary: mutated(seeds) },
    { weight: 2, arbitrary: randomStix },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
  );
}

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, 0xff. */
export const BAD_UTF8: Buffer[] = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xd8],
].map((b) => Buffer.from(b));

/** `text` with invalid UTF-8 bytes spliced in at a few places. */
export function withBadBytes(text: string) {
  return fc
    .array(fc.tuple(fc.nat(), fc.constantFrom(...BAD_UTF8)), { minLength: 1, maxLength: 3 })
    .map((cuts) => {
      const bytes = Buffer.from(text);
      const sorted = cuts
        .map(([at, bad]) => [at % (bytes.length + 1), bad] as const)
        .sort((a, b) => a[0] - b[0]);
      const parts: Buffer[] = [];
      let from = 0;
      for (const [at, bad] of sorted) {
        parts.push(bytes.subarray(from, at), bad);
        from = at;
      }
      parts.push(bytes.subarray(from));
      return Buffer.concat(parts);
    });
}

/** JSON text nested far deeper than any parser's stack: built as text, never as a value. */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 65, max: 200_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `{"objects":[${open.repeat(depth)}1${close.repeat(depth)}],"audience":"member"}`;
  });

/** Strings a text field should survive: huge, control characters, right-to-left, formulas. */
export const nastyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '"',
      '""',
      '"unclosed',
      '\r\n',
      '\n\n\n',
      ';',
      ',,,,',
      '=cmd|/C calc!A0',
      '@SUM(1)',
      '\u202e',
      '\ufeff',
      'NA',
      'null',
      '-1',
      '1e309',
      '9999-99-99',
      '31 February 2023',
      '44923',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      "'; DROP TABLE objects; --",
      '\u0645\u0627\u0644\u064a',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);

/** A CSV cell as a spreadsheet writes it: quoted when it must be. */
const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A CSV file mutated: cells replaced by nasty text, rows dropped, duplicated or cut short, the header
 * changed, the delimiter swapped, or thousands of rows.
 */
export function mutatedCsv(good: string, manyRows = 20_001) {
  const repeatLast = (n: number) => (rows: string[][]) => {
    const last = rows[rows.length - 1] ?? [];
    for (let i = 0; i < n; i += 1) rows.push([...last]);
  };
  const lines = good.replace(/\r\n/g, '\n').trimEnd().split('\n');
  const delimiter = lines[0]!.includes(';') ? ';' : ',';
  const split = (l: string) => l.split(delimiter);
  const edit = fc.oneof(
    fc.tuple(fc.nat(), fc.nat(), nastyText).map(([r, c, v]) => (rows: string[][]) => {
      const row = rows[r % rows.length]!;
      row[c % row.length] = cell(v);
    }),
    fc.nat().map((r) => (rows: string[][]) => {
      rows.splice(r % rows.length, 1);
    }),
    fc.nat().map((r) => (rows: string[][]) => {
      rows.push([...rows[r % rows.length]!]);
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([r, n]) => (rows: string[][]) => {
      const row = rows[r % rows.length]!;
      row.length = n % (row.length + 3);
    }),
    fc.nat({ max: 50 }).map(repeatLast),
  );
  const edits = fc.oneof(
    { weight: 30, arbitrary: edit },
    // Now and then past a limit (the register's 20,000 rows): a rare, slow case.
    { weight: 1, arbitrary: fc.constant(repeatLast(manyRows)) },
  );
  return fc
    .tuple(
      fc.array(edits, { minLength: 1, maxLength: 4 }),
      fc.constantFrom(delimiter, ',', ';', '\t', '|'),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
    )
    .map(([edits, sep, eol, bom]) => {
      const rows = lines.map(split);
      for (const e of edits) {
        if (rows.length === 0) break;
        e(rows);
      }
      // A long cell copied into 20,000 rows would pass V8's longest string: the file stops at
      // CSV_TEXT_CHARS, past every upload limit already.
      const out: string[] = [];
      let size = 0;
      for (const r of rows) {
        const line = r.join(sep);
        size += line.length + eol.length;
        if (size > CSV_TEXT_CHARS) break;
        out.push(line);
      }
      return (bom ? '\ufeff' : '') + out.join(eol) + eol;
    });
}

const CSV_TEXT_CHARS = 64 * 1024 * 1024;

/** An XML file mutated: cut short, text replaced, elements repeated, entities declared. */
export function mutatedXml(good: string) {
  const edit = fc.oneof(
    fc.nat().map((n) => (x: string) => x.slice(0, n % x.length)),
    fc.tuple(fc.nat(), nastyText).map(([n, v]) => (x: string) => {
      const at = x.indexOf('>', n % x.length);
      return at < 0 ? x : `${x.slice(0, at + 1)}${v}${x.slice(at + 1)}`;
    }),
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom('iso-date', 'code', 'ref', 'value-date', 'percentage'),
        nastyText,
      )
      .map(([n, attr, v]) => (x: string) => {
        const matches = [...x.matchAll(new RegExp(`${attr}="[^"]*"`, 'g'))];
        const m = matches[n % Math.max(1, matches.length)];
        if (!m) return x;
        const quoted = v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
        return x.slice(0, m.index) + `${attr}="${quoted}"` + x.slice(m.index + m[0].length);
      }),
    fc.integer({ min: 2, max: 300 }).map((times) => (x: string) => {
      const m = /<iati-activity[\s>][\s\S]*?<\/iati-activity>/.exec(x);
      return m ? x.replace(m[0], m[0].repeat(times)) : x;
    }),
    fc.constantFrom(
      // Entity expansion (a "billion laughs") and an external entity (XXE).
      (x: string) =>
        x
          .replace(
            /<iati-activities/,
            '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n<iati-activities',
          )
          .replace(/<narrative>/, '<narrative>&lol4;'),
      (x: string) =>
        x
          .replace(
            /<iati-activities/,
            '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<iati-activities',
          )
          .replace(/<narrative>/, '<narrative>&xxe;'),
      (x: string) => x.replace(/<\/iati-activities>\s*$/, ''),
      () => `${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`,
    ),
  );
  return fc
    .array(edit, { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce((x, e) => e(x), good));
}

const TAGS = ['p', 'div', 'script', 'style', 'article', 'h1', 'a', 'table', 'td', 'svg', 'iframe'];

/** HTML as pages come: tag soup, unclosed and nested elements, scripts, entities, text in between. */
export const tagSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...TAGS).map((t) => `</${t}>`),
      fc.constantFrom(
        '&amp;',
        '&#0;',
        '&#x110000;',
        '&nbsp;',
        '<!--',
        '-->',
        '<![CDATA[',
        '<?xml?>',
      ),
      nastyText,
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));
