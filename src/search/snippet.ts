import type { SearchableText, TextField } from './extract.ts';
import { wordSpans } from './normalise.ts';

/** Why a result matched: a passage of one field, as text parts, the matched words marked. */
export interface Snippet {
  field: string;
  lang?: string;
  parts: { text: string; mark?: true }[];
}

export interface Highlight {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

const BEFORE = 60;
const LENGTH = 220;

function matches(terms: string[], h: Highlight): boolean {
  return terms.some((t) => h.exact.has(t) || h.prefixes.some((p) => t.startsWith(p)));
}

function marked(field: TextField, h: Highlight) {
  return wordSpans(field.text).filter((s) => matches(s.terms, h));
}

/**
 * The passage to show: the field with the most distinct matched words, preferring the reader's
 * language and the body (the title is shown as the result's name). Marks every matched word in a
 * window around the first one. Null when no field of the documents has a matched word.
 */
export function buildSnippet(
  texts: SearchableText[],
  h: Highlight,
  locale: string,
): Snippet | null {
  let best: { field: TextField; spans: ReturnType<typeof marked>; score: number } | null = null;
  for (const text of texts) {
    for (const [fields, bonus] of [
      [text.body, 1],
      [text.title, 0],
    ] as const) {
      for (const field of fields) {
        const spans = marked(field, h);
        if (spans.length === 0) continue;
        const distinct = new Set(spans.map((s) => field.text.slice(s.start, s.end).toLowerCase()))
          .size;
        const score = distinct * 10 + (field.lang === locale ? 3 : 0) + bonus;
        if (!best || score > best.score) best = { field, spans, score };
      }
    }
  }
  if (!best) return null;
  const { field, spans } = best;
  const text = field.text;
  let start = Math.max(0, spans[0]!.start - BEFORE);
  // Start and end on a word boundary.
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && spans[0]!.start - space < BEFORE * 2 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + LENGTH);
  if (end < text.length) {
    const space = text.indexOf(' ', end);
    end = space >= 0 && space - end < 30 ? space : end;
  }
  const parts: Snippet['parts'] = [];
  const push = (t: string, mark?: true) => {
    if (t) parts.push(mark ? { text: t, mark } : { text: t });
  };
  let at = start;
  if (start > 0) push('…');
  for (const s of spans) {
    if (s.start < start || s.end > end) continue;
    push(text.slice(at, s.start).replace(/\s+/g, ' '));
    push(text.slice(s.start, s.end), true);
    at = s.end;
  }
  push(text.slice(at, end).replace(/\s+/g, ' '));
  if (end < text.length) push('…');
  return { field: field.field, ...(field.lang ? { lang: field.lang } : {}), parts };
}
