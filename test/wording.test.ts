import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ar from '../web/src/i18n/ar.json' with { type: 'json' };

const ROOT = path.resolve(import.meta.dirname, '..');
/** The group's Arabic name as its launch article writes it. */
const GROUP_AR = 'مجموعة النقاش المركزة حول إفريقيا';
/** Any way of writing "the Africa (focus) group" in Arabic. */
const GROUP_ANY =
  /مجموعة\s+(?:ال)?(?:تركيز|نقاش|عمل)[^"'«»\n]{0,25}?(?:[إأا]فريقيا|الإفريقية|الأفريقية)/g;
/** Where the app shows Arabic text of its own: the catalog, the demo data, the README. */
const SOURCES = [
  'web/src/i18n/ar.json',
  'src/demo/demo.ts',
  'src/coordination/demo.ts',
  'src/knowledge/knowledge.demo.ts',
  'README.md',
];

describe('Arabic wording', () => {
  it('federation between installations is «التبادل بين المنصات», never «الاتحاد» (a union)', () => {
    expect(ar['detail.federate']).toBe('التبادل بين المنصات');
    expect(ar['tokens.scope.federation']).toContain('التبادل بين المنصات');
    // «الاتحاد» stays only in the names of unions (the European Union, the African Union).
    const union = Object.entries(ar)
      .filter(([, text]) => /اتحاد/.test(text.replace(/الاتحاد ال(?:أوروبي|إفريقي|أفريقي)/g, '')))
      .map(([key]) => key);
    expect(union).toEqual([]);
  });

  it(`the group is «${GROUP_AR}» wherever the app names it`, () => {
    const other = SOURCES.flatMap((file) =>
      [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(GROUP_ANY)]
        .map(([found]) => found)
        .filter((found) => found !== GROUP_AR)
        .map((found) => `${file}: ${found}`),
    );
    expect(other).toEqual([]);
    expect(ar['app.tagline']).toContain(GROUP_AR);
  });
});
