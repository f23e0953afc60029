import { arabicForms, type Token } from '../text.ts';

/** What every extractor works on: the tokens, which of them are already claimed, and helpers. */
export interface Context {
  text: string;
  tokens: Token[];
  /** 1 where a token belongs to an entity already found. */
  taken: Uint8Array;
  /** What a taken token is (see `TokenKind`), for rules that look at their neighbours. */
  kind: Uint8Array;
  /** Index of the sentence each token belongs to. */
  sentence: Int32Array;
  /** Index of the paragraph each token belongs to. */
  paragraph: Int32Array;
}

export function makeContext(text: string, tokens: Token[]): Context {
  const sentence = new Int32Array(tokens.length);
  const paragraph = new Int32Array(tokens.length);
  let s = 0;
  let p = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    sentence[i] = s;
    paragraph[i] = p;
    if (t.raw === '\n') {
      // A line break ends the sentence and the paragraph; blank lines add nothing more.
      if (tokens[i - 1]?.raw !== '\n') {
        s += 1;
        p += 1;
      }
    } else if (t.raw === '.' || t.raw === '!' || t.raw === '?' || t.raw === '؟' || t.raw === '…') {
      // "U.S." and "M. Bazoum" do not end a sentence: a full stop counts when a space follows.
      const next = tokens[i + 1];
      if (!next || next.start > t.end) s += 1;
    }
  }
  return {
    text,
    tokens,
    taken: new Uint8Array(tokens.length),
    kind: new Uint8Array(tokens.length),
    sentence,
    paragraph,
  };
}

/** The forms a token may take for a comparison (Arabic: without attached particles). */
export function formsOf(t: Token): string[] {
  return t.script === 'ar' ? arabicForms(t.norm).map((f) => f.form) : [t.norm];
}

/** Whether token `i` (or one of its forms) is in `set`. */
export function isIn(ctx: Context, i: number, set: ReadonlySet<string>): boolean {
  const t = ctx.tokens[i];
  if (!t) return false;
  return formsOf(t).some((f) => set.has(f));
}

/** The index of the word before `i` in the same sentence (skipping quotes), or -1. */
export function prevWord(ctx: Context, i: number, skip: ReadonlySet<string> = QUOTES): number {
  for (let k = i - 1; k >= 0; k -= 1) {
    const t = ctx.tokens[k]!;
    if (ctx.sentence[k] !== ctx.sentence[i]) return -1;
    if (t.script === 'punct' && skip.has(t.raw)) continue;
    return k;
  }
  return -1;
}

/** The index of the first word at or after `i` in the sentence of token `i - 1` (skipping quotes), or -1. */
export function nextWord(ctx: Context, i: number, skip: ReadonlySet<string> = QUOTES): number {
  const within = ctx.sentence[Math.max(0, i - 1)];
  for (let k = i; k < ctx.tokens.length; k += 1) {
    const t = ctx.tokens[k]!;
    if (t.script === 'punct' && skip.has(t.raw)) continue;
    if (ctx.sentence[k] !== within) return -1;
    return k;
  }
  return -1;
}

export const QUOTES = new Set(['"', '“', '”', '«', '»', "'", '‘', '’', '„']);

/** A set of normal forms from words as written (so lists stay readable). */
export function normSet(words: readonly string[], normalise: (w: string) => string): Set<string> {
  return new Set(words.map(normalise));
}

export const TokenKind = { date: 1, country: 2, place: 3, org: 4, group: 5, person: 6 } as const;

/** Marks tokens as taken by an entity of a kind. */
export function claim(ctx: Context, from: number, to: number, kind: number): void {
  ctx.taken.fill(1, from, to);
  ctx.kind.fill(kind, from, to);
}

export interface Span {
  start: number;
  end: number;
}
