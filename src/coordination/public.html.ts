import type { Texts } from '../../contract/coordination.ts';
import type { Lang } from './texts.ts';

/**
 * The public pages of published communiqués: plain server-rendered HTML, no script, no inline
 * style (the stylesheet is a file), so the strict Content-Security-Policy holds. Every piece of
 * text carries its own `lang` and `dir`, as a communiqué may lack one of the languages.
 */

export interface PublicCommunique {
  id: string;
  group: Texts;
  title: Texts;
  body: Texts;
  publishedAt: string;
  exercise: boolean;
}

type Words = Record<
  | 'title'
  | 'intro'
  | 'none'
  | 'published'
  | 'back'
  | 'feed'
  | 'exercise'
  | 'missing'
  | 'languages'
  | 'notFound',
  string
>;

const WORDS: Record<Lang, Words> = {
  en: {
    title: 'Joint communiqués',
    intro:
      'Communiqués released by the co-chairs of the working groups, in Arabic, French and English.',
    none: 'No communiqué has been published yet.',
    published: 'Published',
    back: 'All communiqués',
    feed: 'Atom feed',
    exercise: 'EXERCISE — invented for training, not a real statement',
    missing: 'Not available in English; shown in another language.',
    languages: 'Languages',
    notFound: 'No published communiqué has this address.',
  },
  fr: {
    title: 'Communiqués conjoints',
    intro:
      'Communiqués publiés par les coprésidents des groupes de travail, en arabe, en français et en anglais.',
    none: 'Aucun communiqué n’a encore été publié.',
    published: 'Publié le',
    back: 'Tous les communiqués',
    feed: 'Flux Atom',
    exercise: 'EXERCICE — inventé pour l’entraînement, pas une déclaration réelle',
    missing: 'Non disponible en français ; affiché dans une autre langue.',
    languages: 'Langues',
    notFound: 'Aucun communiqué publié ne porte cette adresse.',
  },
  ar: {
    title: 'البيانات المشتركة',
    intro: 'البيانات الصادرة عن الرؤساء المشاركين لمجموعات العمل، بالعربية والفرنسية والإنجليزية.',
    none: 'لم يُنشر أي بيان بعد.',
    published: 'نُشر في',
    back: 'كل البيانات',
    feed: 'موجز Atom',
    exercise: 'تمرين — نص مختلق لأغراض التدريب، وليس بيانا حقيقيا',
    missing: 'غير متوفر بالعربية؛ يُعرض بلغة أخرى.',
    languages: 'اللغات',
    notFound: 'لا يوجد بيان منشور بهذا العنوان.',
  },
};

const NAMES: Record<Lang, string> = { ar: 'العربية', fr: 'Français', en: 'English' };
const TAGS: Record<Lang, string> = { ar: 'ar-MA', fr: 'fr-FR', en: 'en-GB' };
export const dirOf = (lang: Lang) => (lang === 'ar' ? 'rtl' : 'ltr');

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The text in `lang`, else in the first language it exists in, with that language. */
export function pick(texts: Texts, lang: Lang): { text: string; lang: Lang } {
  if (texts[lang]) return { text: texts[lang], lang };
  for (const other of ['en', 'fr', 'ar'] as const)
    if (texts[other]) return { text: texts[other], lang: other };
  return { text: '', lang };
}

function span(tag: string, value: { text: string; lang: Lang }, attrs = ''): string {
  return `<${tag} lang="${value.lang}" dir="${dirOf(value.lang)}"${attrs}>${escapeHtml(value.text)}</${tag}>`;
}

function date(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(TAGS[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

function paragraphs(value: { text: string; lang: Lang }): string {
  return value.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map(
      (p) =>
        `<p lang="${value.lang}" dir="${dirOf(value.lang)}">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
}

function page(lang: Lang, title: string, path: string, body: string): string {
  const w = WORDS[lang];
  const switcher = (['ar', 'fr', 'en'] as const)
    .map((l) =>
      l === lang
        ? `<li><span aria-current="true" lang="${l}">${NAMES[l]}</span></li>`
        : `<li><a href="${path}?lang=${l}" hreflang="${l}" lang="${l}">${NAMES[l]}</a></li>`,
    )
    .join('');
  const feeds = (['ar', 'fr', 'en'] as const)
    .map(
      (l) =>
        `<link rel="alternate" type="application/atom+xml" hreflang="${l}" title="${escapeHtml(WORDS[l].feed)}" href="/public/communiques.atom?lang=${l}">`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang}" dir="${dirOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Tansiq</title>
<link rel="stylesheet" href="/public/communiques.css">
${feeds}
</head>
<body>
<header class="bar">
<a class="brand" href="/public/communiques?lang=${lang}">Tansiq · تنسيق</a>
<nav aria-label="${escapeHtml(w.languages)}"><ul class="langs">${switcher}</ul></nav>
</header>
<main>
${body}
</main>
<footer><a href="/public/communiques.atom?lang=${lang}">${escapeHtml(w.feed)}</a></footer>
</body>
</html>
`;
}

export function listPage(lang: Lang, items: PublicCommunique[]): string {
  const w = WORDS[lang];
  const entries = items.map((c) => {
    const title = pick(c.title, lang);
    const body = pick(c.body, lang);
    const first = body.text.split(/\n\s*\n/)[0] ?? '';
    return `<article class="item" data-id="${escapeHtml(c.id)}">
${c.exercise ? `<p class="exercise">${escapeHtml(w.exercise)}</p>` : ''}
<h2>${span('a', title, ` href="/public/communiques/${encodeURIComponent(c.id)}?lang=${lang}"`)}</h2>
<p class="meta">${escapeHtml(w.published)} <time datetime="${c.publishedAt}">${escapeHtml(date(c.publishedAt, lang))}</time> · ${span('span', pick(c.group, lang))}</p>
${span('p', { text: first.length > 400 ? `${first.slice(0, 400)}…` : first, lang: body.lang }, ' class="excerpt"')}
</article>`;
  });
  const body = `<h1>${escapeHtml(w.title)}</h1>
<p class="intro">${escapeHtml(w.intro)}</p>
${entries.length ? entries.join('\n') : `<p class="none">${escapeHtml(w.none)}</p>`}`;
  return page(lang, w.title, '/public/communiques', body);
}

export function detailPage(lang: Lang, c: PublicCommunique): string {
  const w = WORDS[lang];
  const title = pick(c.title, lang);
  const body = pick(c.body, lang);
  const body_ = `<p class="back"><a href="/public/communiques?lang=${lang}">${escapeHtml(w.back)}</a></p>
<article class="communique" data-id="${escapeHtml(c.id)}">
${c.exercise ? `<p class="exercise">${escapeHtml(w.exercise)}</p>` : ''}
${span('h1', title)}
<p class="meta">${escapeHtml(w.published)} <time datetime="${c.publishedAt}">${escapeHtml(date(c.publishedAt, lang))}</time> · ${span('span', pick(c.group, lang))}</p>
${body.lang !== lang ? `<p class="note">${escapeHtml(w.missing)}</p>` : ''}
<div class="text">
${paragraphs(body)}
</div>
</article>`;
  return page(lang, title.text, `/public/communiques/${encodeURIComponent(c.id)}`, body_);
}

export function notFoundPage(lang: Lang): string {
  const w = WORDS[lang];
  return page(
    lang,
    w.title,
    '/public/communiques',
    `<h1>${escapeHtml(w.title)}</h1><p class="none">${escapeHtml(w.notFound)}</p><p class="back"><a href="/public/communiques?lang=${lang}">${escapeHtml(w.back)}</a></p>`,
  );
}

export function feedTitle(lang: Lang): string {
  return `${WORDS[lang].title} — Tansiq`;
}

export const EXERCISE_NOTE = (lang: Lang) => WORDS[lang].exercise;
