import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * An article as pasted or uploaded, turned into its main text: HTML goes through Readability (the
 * reader view of Firefox) on a linkedom document; then the page clutter that survives as text is
 * removed in the three languages — share prompts, cookie notices, "read more" links, navigation,
 * bylines and copyright lines.
 */

export interface CleanArticle {
  title: string;
  text: string;
  /** The article's address, when the page or the file's first line gives it. */
  source?: string;
  /** YYYY-MM-DD from the page's metadata or a date line at the top of the text. */
  published?: string;
  /** The language the page or the file declares (a hint; the text decides). */
  declaredLanguage?: string;
}

const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'DIV',
  'SECTION',
  'ARTICLE',
  'TR',
  'PRE',
  'FIGCAPTION',
  'HEADER',
  'FOOTER',
  'UL',
  'OL',
  'TABLE',
  'DD',
  'DT',
]);

export function looksLikeHtml(input: string): boolean {
  return (
    /^\s*</.test(input) &&
    /<(html|head|body|p|div|article|section|span|h1|h2|br|main)[\s>/]/i.test(input)
  );
}

/** Text of an element with a blank line between blocks, as a reader sees it. */
function blockText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      parts.push((n.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    const tag = el.tagName.toUpperCase();
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return;
    if (tag === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) parts.push('\n\n');
    for (const child of Array.from(el.childNodes)) walk(child);
    if (block) parts.push('\n\n');
  };
  walk(node);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function isoDate(value: string | null | undefined): string | undefined {
  const m = value?.match(/(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function fromHtml(html: string): CleanArticle {
  const { document } = parseHTML(html);
  const meta = (selector: string) =>
    document.querySelector(selector)?.getAttribute('content') ?? undefined;
  const published =
    isoDate(meta('meta[property="article:published_time"]')) ??
    isoDate(meta('meta[name="date"]')) ??
    isoDate(meta('meta[itemprop="datePublished"]')) ??
    isoDate(meta('meta[name="pubdate"]')) ??
    isoDate(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const source =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    meta('meta[property="og:url"]');
  const declaredLanguage =
    document.documentElement?.getAttribute('lang')?.slice(0, 2).toLowerCase() || undefined;
  const fallbackTitle =
    meta('meta[property="og:title"]') ?? document.querySelector('title')?.textContent ?? '';
  let title = '';
  let text = '';
  try {
    const article = new Readability(document as unknown as Document, {
      charThreshold: 200,
    }).parse();
    if (article?.content) {
      const { document: content } = parseHTML(
        `<!doctype html><html><body>${article.content}</body></html>`,
      );
      text = blockText(content.body as unknown as Node);
      title = (article.title ?? '').trim();
    }
  } catch {
    // Readability gives up on some pages: the whole body is read below.
  }
  if (text.length < 200) {
    const { document: whole } = parseHTML(html);
    for (const el of Array.from(
      whole.querySelectorAll('script,style,nav,header,footer,aside,form,noscript,iframe'),
    ))
      el.remove();
    // A page that is all comment or CDATA has no root element, and linkedom's `body` then throws.
    const body = whole.documentElement ? (whole.body ?? whole.documentElement) : null;
    const bodyText = body ? blockText(body as unknown as Node) : '';
    if (bodyText.length > text.length) text = bodyText;
  }
  title = title || fallbackTitle.trim();
  if (title && !text.startsWith(title)) text = `${title}\n\n${text}`;
  return {
    title,
    text,
    ...(source ? { source } : {}),
    ...(published ? { published } : {}),
    ...(declaredLanguage ? { declaredLanguage } : {}),
  };
}

/** Clutter that fills a whole line or sentence, in the three languages. */
const CLUTTER_LINES: RegExp[] = [
  // Share prompts and social buttons.
  /^(شارك|شاركوا|مشاركة|شارك هذا المقال|شارك المقال|شارك الخبر|انشر|share|share this|share this article|share on|partager|partagez|partager cet article|partager sur|tweet|tweeter|facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|print|imprimer|طباعة|أرسل لصديق|envoyer|copier le lien|copy link|نسخ الرابط|فيسبوك|تويتر|واتساب|تلغرام)([\s|·•,/-]+(facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|print|imprimer|فيسبوك|تويتر|واتساب|تلغرام|طباعة))*[\s:.!]*$/i,
  // "Read more", "Lire aussi", "اقرأ أيضا" and the like, alone or with a link title.
  /^(read more|read also|see also|related|related articles|more on this|lire aussi|lire la suite|à lire aussi|voir aussi|articles similaires|sur le même sujet|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|قراءة المزيد|مواضيع ذات صلة|مقالات ذات صلة|أخبار ذات صلة|المزيد|للمزيد)(?=[\s:：,.\-–]|$).{0,160}$/i,
  /^(read|lire|voir|see|click|cliquez)\b.{0,120}\b(here|ici)\s*[.!]?$/i,
  // Navigation and page furniture.
  /^(home|accueil|الرئيسية|menu|القائمة|search|rechercher|recherche|بحث|subscribe|s'abonner|abonnez-vous|اشترك|newsletter|الاشتراك في النشرة|skip to content|aller au contenu|log in|se connecter|تسجيل الدخول|advertisement|publicité|إعلان|tags?\s*:.*|mots-clés\s*:.*|الوسوم\s*:.*|كلمات مفتاحية\s*:.*|categories?\s*:.*|catégories?\s*:.*|التصنيف\s*:.*)$/i,
  /^[^.!?؟]{1,80}(\s[>›»/|]\s[^.!?؟]{1,60}){2,}$/,
  // Bylines, dates of publication, photo credits, copyright.
  /^(by|par|بقلم|كتب|كتبت|إعداد|written by|écrit par)\s*:?\s*[^.!?؟]{2,60}$/i,
  /^(published|updated|posted|publié|mis à jour|modifié|نشر|نشر في|آخر تحديث|تاريخ النشر)(?=[\s:：,.\-–]|$).{0,80}$/i,
  /^(photo|crédit photo|credit|crédit|image|صورة|المصدر|source)\s*:.{0,120}$/i,
  /^(©|copyright|\(c\)|tous droits réservés|all rights reserved|جميع الحقوق محفوظة).{0,160}$/i,
  /^date\s+\d{4}-\d{2}(-\d{2})?$/i,
];

const COOKIE = /cookie|témoin de connexion|ملفات تعريف الارتباط|الكوكيز|كوكيز/i;
const CONSENT =
  /accept|agree|consent|opt-out|opt out|assume|accepter|consentement|acceptez|refuser|continuer|موافق|قبول|إلغاء الاشتراك|توافق|privacy|confidentialité|الخصوصية/i;

/** Sentences of a paragraph, keeping their text as written. */
function sentences(paragraph: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of paragraph.matchAll(/[.!?؟]+\s+/g)) {
    out.push(paragraph.slice(last, m.index + m[0].length));
    last = m.index + m[0].length;
  }
  if (last < paragraph.length) out.push(paragraph.slice(last));
  return out;
}

function isClutter(sentence: string): boolean {
  const s = sentence.trim();
  if (!s) return true;
  if (COOKIE.test(s) && CONSENT.test(s)) return true;
  return CLUTTER_LINES.some((re) => re.test(s));
}

/** A date line at the top of an article ("01/10/2024", "2024-10-01") is its publication date. */
function dateLine(line: string): string | undefined {
  const s = line.trim();
  let m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = s.match(
    /^(?:published|publié le|نشر في|تاريخ النشر)\s*:?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/i,
  );
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return undefined;
}

export function cleanArticle(input: string): CleanArticle {
  let raw = input
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u200b\u200e\u200f\ufeff]/g, '');
  let source: string | undefined;
  let declaredLanguage: string | undefined;
  // A saved text that starts with its address (and its language code), as analysts keep them.
  const header = raw.match(/^\s*(https?:\/\/\S+)[^\n]*\n(?:\s*(ar|fr|en)\s*\n)?/);
  if (header) {
    source = header[1];
    declaredLanguage = header[2];
    raw = raw.slice(header[0].length);
  }
  const base: CleanArticle = looksLikeHtml(raw) ? fromHtml(raw) : { title: '', text: raw };
  let published = base.published;
  const kept: string[] = [];
  for (const paragraph of base.text.split(/\n/)) {
    const line = paragraph.trim();
    if (!line) {
      if (kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
      continue;
    }
    const date = kept.filter(Boolean).length <= 3 ? dateLine(line) : undefined;
    if (date && !published) published = date;
    // A line of metadata ("date 2024-10") is dropped, any sentence of clutter inside a line too.
    const metadata = line.match(/^date\s+\d{4}-\d{2}(-\d{2})?\s+(.+)$/i);
    const body = metadata ? metadata[2]! : line;
    // A cookie notice is a short paragraph of its own: mentions cookies and asks for consent.
    if (COOKIE.test(body) && CONSENT.test(body) && body.length < 700) continue;
    const parts = sentences(body).filter((s) => !isClutter(s));
    const cleaned = parts
      .join('')
      .trim()
      .replace(/\s*(قبول|accept|accepter)?\s*(قراءة المزيد|read more|lire la suite)\s*$/i, '')
      .trim();
    if (cleaned) kept.push(cleaned);
  }
  while (kept[kept.length - 1] === '') kept.pop();
  const text = kept.join('\n');
  // News addresses often carry the publication date: /2022/08/11/.
  const address = source ?? base.source;
  const dated = address?.match(/\/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|-|$)/);
  if (!published && dated)
    published = `${dated[1]}-${dated[2]!.padStart(2, '0')}-${dated[3]!.padStart(2, '0')}`;
  const firstLine = kept.find(Boolean) ?? '';
  const title =
    base.title || (firstLine.length <= 200 && !/[.!?؟]$/.test(firstLine) ? firstLine : '');
  return {
    title,
    text,
    ...(source || base.source ? { source: source ?? base.source } : {}),
    ...(published ? { published } : {}),
    ...(declaredLanguage || base.declaredLanguage
      ? { declaredLanguage: declaredLanguage ?? base.declaredLanguage }
      : {}),
  };
}
