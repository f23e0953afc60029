import { arabicForms, tokenise, type Token } from './text.ts';

/**
 * A phrase dictionary matched on tokens, longest phrase first. Arabic words are also tried without
 * their attached particles (و ف ب ل ك لل), so "وبالنيجر" finds "النيجر" and the highlight covers
 * only the name. Latin proper names must be written with a capital; short all-capital
 * abbreviations ("IS", "EI", "US") only as written.
 */

export interface Phrase<T> {
  /** Normal forms of the phrase's tokens. */
  tokens: string[];
  value: T;
  /** Match only when the text writes it exactly so (abbreviations that are also words). */
  exact?: string;
  /** Latin phrase: which of its words must start with a capital in the text. */
  capitals: boolean[] | null;
}

export interface Match<T> {
  /** Index of the first and one past the last token. */
  from: number;
  to: number;
  start: number;
  end: number;
  value: T;
  /** Every accepted value of a phrase of the same length (a town and a region named alike). */
  values: T[];
}

export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Phrase<T>[]>();

  add(text: string, value: T, options: { capital?: boolean } = {}): void {
    const written = tokenise(text);
    const tokens = written.map((t) => t.norm);
    if (tokens.length === 0) return;
    const latin = /[A-Za-zÀ-ÿ]/.test(text);
    const exact = /^[A-Z0-9.-]{1,5}$/.test(text.replace(/\s/g, '')) ? text : undefined;
    const capital = options.capital ?? latin;
    const phrase: Phrase<T> = {
      tokens,
      value,
      exact,
      capitals: capital ? written.map((t) => t.cap) : null,
    };
    const list = this.byFirst.get(tokens[0]!) ?? [];
    if (list.some((p) => p.tokens.join(' ') === tokens.join(' ') && p.value === value)) return;
    list.push(phrase);
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.byFirst.set(tokens[0]!, list);
  }

  /** The longest phrase starting at token `i`, if any (with the particles cut from the first). */
  at(tokens: readonly Token[], i: number, accept?: (m: Match<T>) => boolean): Match<T> | null {
    const first = tokens[i]!;
    const forms = first.script === 'ar' ? arabicForms(first.norm) : [{ form: first.norm, cut: 0 }];
    let best: Match<T> | null = null;
    for (const { form, cut } of forms) {
      const candidates = this.byFirst.get(form);
      if (!candidates) continue;
      for (const p of candidates) {
        if (best && p.tokens.length < best.to - best.from) break;
        const to = i + p.tokens.length;
        if (to > tokens.length) continue;
        let ok = true;
        for (let k = 1; k < p.tokens.length; k += 1) {
          if (tokens[i + k]!.norm !== p.tokens[k]) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (p.exact && !exactlyWritten(tokens, i, to, p.exact)) continue;
        if (p.capitals && first.script === 'lat' && !capitalsMatch(tokens, i, p.capitals)) continue;
        const m: Match<T> = {
          from: i,
          to,
          start: first.start + cut,
          end: tokens[to - 1]!.end,
          value: p.value,
          values: [p.value],
        };
        if (accept && !accept(m)) continue;
        if (best && best.to === to) {
          if (!best.values.includes(p.value)) best.values.push(p.value);
        } else best = m;
      }
    }
    return best;
  }

  /** Every non-overlapping longest match, left to right, skipping tokens already `taken`. */
  all(tokens: readonly Token[], taken?: Uint8Array, accept?: (m: Match<T>) => boolean): Match<T>[] {
    const out: Match<T>[] = [];
    for (let i = 0; i < tokens.length;) {
      if (taken?.[i] || tokens[i]!.script === 'punct' || tokens[i]!.script === 'num') {
        i += 1;
        continue;
      }
      const m = this.at(tokens, i, accept);
      if (m && (!taken || !overlaps(taken, m.from, m.to))) {
        out.push(m);
        i = m.to;
      } else i += 1;
    }
    return out;
  }
}

/** Each word written with a capital in the dictionary has one in the text ("La Réunion" ≠ "La réunion"). */
function capitalsMatch(tokens: readonly Token[], i: number, capitals: boolean[]): boolean {
  for (let k = 0; k < capitals.length; k += 1) if (capitals[k] && !tokens[i + k]!.cap) return false;
  return true;
}

function exactlyWritten(
  tokens: readonly Token[],
  from: number,
  to: number,
  exact: string,
): boolean {
  const written = tokens
    .slice(from, to)
    .map((t) => t.raw)
    .join('');
  return written === exact.replace(/\s/g, '');
}

export function overlaps(taken: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) if (taken[k]) return true;
  return false;
}

export function take(taken: Uint8Array, from: number, to: number): void {
  taken.fill(1, from, to);
}
