import { Feed } from 'feed';
import type { Db } from '../db/index.ts';
import { listGroups } from '../members/members.repository.ts';
import { publishedCommuniques } from './communiques.repository.ts';
import { EXERCISE_NOTE, feedTitle, pick, type PublicCommunique } from './public.html.ts';
import { presentTexts, type Lang } from './texts.ts';

/** Published communiqués for the public pages and feed: no reader, public (CLEAR) text only. */
export async function publicCommuniques(db: Db, id?: string): Promise<PublicCommunique[]> {
  const [rows, groups] = await Promise.all([publishedCommuniques(db, 100, id), listGroups(db)]);
  const groupNames = new Map(
    groups.map((g) => [g.id, { ar: g.name_ar, fr: g.name_fr, en: g.name_en }]),
  );
  return rows.map((row) => ({
    id: row.id,
    group: groupNames.get(row.group_id) ?? { ar: '', fr: '', en: '' },
    title: presentTexts(row, 'title'),
    body: presentTexts(row, 'body'),
    publishedAt: row.published_at!,
    exercise: row.exercise === 1,
  }));
}

/** An Atom feed (RFC 4287) of the published communiqués in one language, by the feed package. */
export function atomFeed(items: PublicCommunique[], lang: Lang, base: string): string {
  const feed = new Feed({
    id: `${base}/public/communiques?lang=${lang}`,
    title: feedTitle(lang),
    link: `${base}/public/communiques?lang=${lang}`,
    language: lang,
    updated: items[0] ? new Date(items[0].publishedAt) : new Date(0),
    generator: 'Tansiq',
    feedLinks: { atom: `${base}/public/communiques.atom?lang=${lang}` },
    copyright: '',
  });
  for (const c of items) {
    const title = pick(c.title, lang).text;
    const body = pick(c.body, lang).text;
    feed.addItem({
      id: `urn:tansiq:communique:${c.id}`,
      title: c.exercise ? `[${EXERCISE_NOTE(lang).split(' ')[0]}] ${title}` : title,
      link: `${base}/public/communiques/${encodeURIComponent(c.id)}?lang=${lang}`,
      date: new Date(c.publishedAt),
      published: new Date(c.publishedAt),
      content: body,
      author: [{ name: pick(c.group, lang).text }],
    });
  }
  return feed.atom1();
}
