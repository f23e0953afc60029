import { normaliseArabic, normaliseLatin } from '../text.ts';
import { countAt } from './casualties.ts';
import type { Context, Span } from './context.ts';

/**
 * Counts of members, states, delegations and participants ("83 عضوا", "87 pays membres", "more than 80
 * participants"): the size of a coalition or of a meeting, which reports cite.
 */
export type FigureKind = 'members' | 'countries' | 'delegations' | 'participants';

export interface FigureHit extends Span {
  count: number;
  what: FigureKind;
  text: string;
}

const UNITS: Record<FigureKind, string[]> = {
  members: [
    'members',
    'member',
    'member states',
    'membres',
    'pays membres',
    'États membres',
    'عضوا',
    'عضو',
    'أعضاء',
    'دولة عضوا',
    'دولة عضو',
  ],
  countries: [
    'countries',
    'states',
    'nations',
    'pays',
    'États',
    'nations',
    'دولة',
    'دول',
    'بلدا',
    'بلدان',
  ],
  delegations: ['delegations', 'délégations', 'وفدا', 'وفود'],
  participants: ['participants', 'partners', 'partenaires', 'مشاركا', 'مشاركين', 'شريكا', 'شركاء'],
};

const UNIT_OF = new Map<string, FigureKind>();
for (const [kind, words] of Object.entries(UNITS) as [FigureKind, string[]][])
  for (const w of words)
    UNIT_OF.set(/[a-zà-ÿ]/i.test(w) ? normaliseLatin(w) : normaliseArabic(w), kind);
const BETWEEN = new Set([
  ...['de', 'd', "'", 'other', 'autres', 'plus', 'more'].map(normaliseLatin),
  ...['أخرى', 'اخرى'].map(normaliseArabic),
]);

export function findFigures(ctx: Context, skip: Uint8Array): FigureHit[] {
  const { tokens } = ctx;
  const out: FigureHit[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (skip[i]) continue;
    const count = countAt(tokens, i);
    if (!count || count.weak || count.value < 2) continue;
    let k = count.to;
    while (k < tokens.length && k - count.to < 2 && BETWEEN.has(tokens[k]!.norm)) k += 1;
    const two = tokens[k + 1] ? `${tokens[k]?.norm} ${tokens[k + 1]!.norm}` : '';
    const what = UNIT_OF.get(two) ?? UNIT_OF.get(tokens[k]?.norm ?? '');
    if (!what) continue;
    const end = UNIT_OF.has(two) ? k + 2 : k + 1;
    const start = tokens[count.from]!.start;
    out.push({
      count: count.value,
      what: UNIT_OF.get(two) === 'members' ? 'members' : what,
      start,
      end: tokens[end - 1]!.end,
      text: ctx.text.slice(start, tokens[end - 1]!.end),
    });
    i = end - 1;
  }
  return out;
}
