import { OPINIONS, type OpinionValue } from './api';
import type { Translate } from './i18n';

const SHORT = 80;
const short = (text: string) => (text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text);
const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : null;

/**
 * What to call an object STIX gives no `name`, in the reader's language where it can: an opinion
 * by its value (and the start of its explanation), a note by its abstract or its first words. Null
 * when there is nothing better than its id.
 */
export function untitled(object: Record<string, unknown>, t: Translate): string | null {
  if (object.type === 'opinion' && OPINIONS.includes(object.opinion as OpinionValue)) {
    const value = t(`knowledge.opinion.${object.opinion as OpinionValue}`);
    const why = text(object.explanation);
    return why ? `${value} — ${short(why)}` : value;
  }
  if (object.type === 'note') {
    const words = text(object.abstract) ?? text(object.content);
    return words ? short(words) : null;
  }
  return null;
}
