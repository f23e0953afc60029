import { auditSensitiveReads } from '../exchange/objects.read.ts';
import { readerOf } from '../policy/viewer.ts';
import { searchableText, type SearchableText } from './extract.ts';
import type { Presented, ResultKind, SearchKind } from './kinds.ts';
import {
  objectArm,
  translationArm,
  versionsByAdded,
  visibleTranslations,
} from './stix.repository.ts';
import type { Db } from '../db/index.ts';

async function textsOfVersions(db: Db, keys: string[]): Promise<Map<string, SearchableText>> {
  const rows = await versionsByAdded(db, keys.map(Number));
  return new Map(
    rows.map((r) => [
      String(r.added),
      searchableText(JSON.parse(r.body) as Record<string, unknown>),
    ]),
  );
}

export const objectKind: SearchKind = {
  kind: 'object',
  visible: objectArm,
  texts: textsOfVersions,
};
export const translationKind: SearchKind = {
  kind: 'translation',
  visible: translationArm,
  texts: textsOfVersions,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const ARABIC = /[\u0600-\u06ff]/;

/**
 * An object's name in the reader's language: a translation of its owner's, then any other
 * translation the reader may read, then its own name if written in that language; for Arabic, an
 * alias in Arabic script (groups are known by their Arabic names); else its name as written.
 */
function nameIn(
  object: Record<string, unknown>,
  translations: { owner_id: string; body: string }[],
  ownerId: string,
  locale: string,
): Presented {
  const own = text(object.name) ?? text(object.value) ?? text(object.abstract);
  const translated = [...translations]
    .sort((a, b) => Number(b.owner_id === ownerId) - Number(a.owner_id === ownerId))
    .map((t) => {
      const lc = JSON.parse(t.body) as { contents?: unknown };
      const fields = isRecord(lc.contents) ? lc.contents[locale] : undefined;
      return isRecord(fields) ? (text(fields.name) ?? text(fields.abstract)) : undefined;
    })
    .find(Boolean);
  if (translated) return { name: translated, lang: locale };
  if (own && object.lang === locale) return { name: own, lang: locale };
  if (locale === 'ar' && Array.isArray(object.aliases)) {
    const arabic = object.aliases.map(text).find((a) => a && ARABIC.test(a));
    if (arabic) return { name: arabic, lang: 'ar' };
  }
  const lang = typeof object.lang === 'string' ? object.lang.slice(0, 2) : undefined;
  return { name: own ?? String(object.id), ...(lang ? { lang } : {}) };
}

/** STIX objects as results: named in the user's language; AMBER+STRICT and RED reads audited. */
export const objectResults: ResultKind = {
  found: 'object',
  async present(db, actor, results, locale) {
    const reader = readerOf(actor);
    const versions = await versionsByAdded(
      db,
      results.map((r) => Number(r.shown_key)),
    );
    const ids = versions.map((v) => v.stix_id);
    const translations = await visibleTranslations(db, reader, ids);
    const byObject = new Map<string, { owner_id: string; body: string }[]>();
    for (const t of translations) {
      if (t.refers_to) byObject.set(t.refers_to, [...(byObject.get(t.refers_to) ?? []), t]);
    }
    const out = new Map<string, Presented>();
    for (const v of versions) {
      const object = JSON.parse(v.body) as Record<string, unknown>;
      const mine = byObject.get(v.stix_id) ?? [];
      out.set(v.stix_id, {
        ...nameIn(object, mine, v.owner_id, locale),
        texts: [
          searchableText(object),
          ...mine.map((t) => searchableText(JSON.parse(t.body) as Record<string, unknown>)),
        ],
      });
    }
    await auditSensitiveReads(db, actor, versions, 'api.search');
    return out;
  },
};
