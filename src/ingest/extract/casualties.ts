import { PhraseMatcher } from '../matcher.ts';
import { ARABIC_DUALS, NUMBER_WORDS, TENS, WEAK_ONE } from '../lexicon/numbers.ts';
import { normaliseArabic, normaliseLatin, type Token } from '../text.ts';
import type { Context, Span } from './context.ts';

/**
 * Casualty figures: a count (digits, or words in the three languages) tied to a word saying what
 * happened to those people — killed, wounded or kidnapped — on either side of it, within a few
 * words and the same sentence: "16 قتيلا", "مقتل 4 من جنوده", "sept soldats tués", "killing at least
 * fifteen people", "إصابة اثنين آخرين", "مقتل جنديين".
 */

export type CasualtyKind = 'killed' | 'wounded' | 'kidnapped';

export interface CasualtyHit extends Span {
  kind: CasualtyKind;
  count: number;
  /** Token range of the figure and its trigger. */
  from: number;
  to: number;
  sentence: number;
  text: string;
  /** Where the count and the word saying what happened are written (one span when they touch). */
  parts: Span[];
}

const TRIGGERS: Record<CasualtyKind, { before: string[]; after: string[] }> = {
  killed: {
    // Words that come before the count ("killed 12", "مقتل 4").
    before: [
      'killed',
      'killing',
      'kills',
      'kill',
      'death toll',
      'toll',
      'executed',
      'massacred',
      'beheaded',
      'claimed the lives of',
      'killed at least',
      'أودى بحياة',
      'بحياة',
      'راح ضحيته',
      'راح ضحيتها',
      'coûté la vie à',
      'tué',
      'tuant',
      'tuer',
      'tués',
      'bilan',
      'coûté la vie à',
      'exécuté',
      'massacré',
      'مقتل',
      'قتل',
      'قتلت',
      'قتلوا',
      'وقتل',
      'ومقتل',
      'مصرع',
      'ومصرع',
      'حصيلة',
      'تحييد',
      'وتحييد',
      'إعدام',
      'أعدم',
      'ذبح',
      'استشهاد',
      'واستشهاد',
      'سقوط',
      'وفاة',
      'ووفاة',
      'neutralised',
      'neutralized',
      'neutralisé',
      'neutralisés',
    ],
    // Words that come after the count ("16 قتيلا", "sept soldats tués", "12 people were killed").
    after: [
      'killed',
      'dead',
      'died',
      'deaths',
      'fatalities',
      'slain',
      'lost their lives',
      'were killed',
      'have been killed',
      'had been killed',
      'executed',
      'beheaded',
      'bodies',
      'neutralised',
      'neutralized',
      'morts',
      'mort',
      'tués',
      'tuées',
      'tué',
      'tuée',
      'décès',
      'ont péri',
      'ont été tués',
      'ont été tuées',
      'ont perdu la vie',
      'exécutés',
      'décapités',
      'neutralisés',
      'cadavres',
      'corps',
      'قتلى',
      'قتيلا',
      'قتيل',
      'قتيلاً',
      'شهداء',
      'شهيدا',
      'جثث',
      'جثة',
      'لقوا حتفهم',
      'lives',
      'victimes',
      'ضحية',
      'ضحايا',
      'قتلوا',
      'قتلا',
      'أصيبوا',
      'لقي حتفه',
      'قضوا',
      'حتفهم',
    ],
  },
  wounded: {
    before: [
      'wounded',
      'wounding',
      'injured',
      'injuring',
      'blessé',
      'blessant',
      'blesser',
      'إصابة',
      'وإصابة',
      'إصابات',
      'جرح',
      'وجرح',
      'أصيب',
      'وأصيب',
      'أصيبوا',
      'إصابه',
    ],
    after: [
      'wounded',
      'injured',
      'hurt',
      'injuries',
      'were wounded',
      'were injured',
      'blessés',
      'blessées',
      'blessé',
      'blessée',
      'ont été blessés',
      'جرحى',
      'جريحا',
      'جريح',
      'مصابين',
      'مصابا',
      'إصابات',
      'بجروح',
      'أصيبوا',
      'اصيبوا',
    ],
  },
  kidnapped: {
    before: [
      'kidnapped',
      'kidnapping',
      'abducted',
      'abducting',
      'seized',
      'enlevé',
      'enlevant',
      'enlèvement de',
      'kidnappé',
      'rapt de',
      'اختطاف',
      'واختطاف',
      'خطف',
      'وخطف',
      'اختطفوا',
      'اختطف',
      'أسر',
      'وأسر',
    ],
    after: [
      'kidnapped',
      'abducted',
      'hostages',
      'taken hostage',
      'were kidnapped',
      'were abducted',
      'captives',
      'enlevés',
      'enlevées',
      'kidnappés',
      'otages',
      'pris en otage',
      'ont été enlevés',
      'portés disparus',
      'مختطفين',
      'مخطوفين',
      'رهائن',
      'رهينة',
      'مختطفا',
      'أسرى',
    ],
  },
};

/** Words allowed between a count and its trigger: who the people were, "at least", "of its". */
const FILLER = new Set([
  ...[
    'at',
    'least',
    'some',
    'about',
    'around',
    'nearly',
    'almost',
    'more',
    'than',
    'over',
    'up',
    'to',
    'of',
    'its',
    'their',
    'the',
    'people',
    'persons',
    'person',
    'civilians',
    'civilian',
    'soldiers',
    'soldier',
    'troops',
    'militants',
    'fighters',
    'attackers',
    'assailants',
    'insurgents',
    'jihadists',
    'villagers',
    'farmers',
    'women',
    'children',
    'men',
    'policemen',
    'police',
    'officers',
    'personnel',
    'members',
    'worshippers',
    'students',
    'girls',
    'boys',
    'others',
    'other',
    'were',
    'was',
    'have',
    'has',
    'been',
    'had',
    'reportedly',
    'also',
    'and',
    'in',
    'all',
    'security',
    'military',
    'army',
    'gendarmes',
    'au',
    'moins',
    'environ',
    'pres',
    'de',
    'plus',
    'des',
    'les',
    'personnes',
    'civils',
    'civil',
    'soldats',
    'soldat',
    'militaires',
    'militaire',
    'assaillants',
    'terroristes',
    'jihadistes',
    'djihadistes',
    'villageois',
    'femmes',
    'enfants',
    'hommes',
    'policiers',
    'gendarmes',
    'membres',
    'fideles',
    'eleves',
    'autres',
    'ont',
    'ete',
    'sont',
    'et',
    'd',
    "'",
    'un',
    'une',
    'dont',
    'parmi',
    'lesquels',
    'y',
    'compris',
    'faisant',
    'fait',
  ].map(normaliseLatin),
  ...[
    'على',
    'الأقل',
    'نحو',
    'حوالي',
    'أكثر',
    'من',
    'جنود',
    'جنديا',
    'جندي',
    'الجنود',
    'جنوده',
    'جنودها',
    'عناصر',
    'عنصرا',
    'مدنيين',
    'مدنيا',
    'المدنيين',
    'أشخاص',
    'شخصا',
    'شخص',
    'الأشخاص',
    'مسلحين',
    'مسلحا',
    'إرهابيين',
    'إرهابيا',
    'مهاجمين',
    'مهاجما',
    'المهاجمين',
    'رفاقه',
    'عسكريين',
    'عسكريا',
    'أفراد',
    'فردا',
    'مواطنين',
    'مواطنا',
    'قرويين',
    'أطفال',
    'نساء',
    'رجال',
    'شرطيين',
    'شرطيا',
    'رجال',
    'الأمن',
    'آخرين',
    'اخرين',
    'آخرون',
    'وإصابة',
    'ما',
    'لا',
    'يقل',
    'عن',
    'بينهم',
    'منهم',
    'في',
    'صفوف',
    'الجيش',
    'القوات',
    'قوات',
    'و',
    'أسفر',
    'عن',
    'مما',
    'جهاديين',
    'متطرفين',
    'عنصر',
    'أمنيين',
  ].map(normaliseArabic),
]);

/** A count next to these is not about people: distances, ages, money, percentages, times. */
const NOT_PEOPLE = new Set([
  ...[
    'km',
    'kilometres',
    'kilometers',
    'kilometre',
    'miles',
    'percent',
    '%',
    'ans',
    'years',
    'year',
    'old',
    'dollars',
    'euros',
    'francs',
    'hours',
    'heures',
    'h',
    'minutes',
    'jours',
    'days',
    'pays',
    'countries',
    'delegations',
    'members',
    'membres',
    'participants',
    'vehicles',
    'vehicules',
    'motos',
    'motorcycles',
    'tonnes',
    'tons',
    'million',
    'millions',
    'milliards',
    'billion',
    'th',
    'eme',
    'e',
    'er',
    'nd',
    'rd',
    'st',
    'fois',
    'times',
  ].map(normaliseLatin),
  ...[
    'كيلومتر',
    'كيلومترا',
    'كلم',
    'كم',
    'عاما',
    'سنة',
    'سنوات',
    'دولار',
    'يورو',
    'ساعة',
    'ساعات',
    'دقيقة',
    'أيام',
    'يوما',
    'دولة',
    'دول',
    'عضوا',
    'أعضاء',
    'مليون',
    'ملايين',
    'مليار',
    'بالمئة',
    'بالمائة',
    'في المئة',
    'مرة',
    'وفدا',
  ].map(normaliseArabic),
]);

const RESCUED = new Set([
  ...[
    'rescued',
    'freed',
    'released',
    'liberated',
    'libere',
    'liberes',
    'liberees',
    'secouru',
    'secourus',
    'relache',
    'relaches',
    'evacuated',
    'evacue',
    'evacues',
    'arrested',
    'arrete',
    'arretes',
    'interpelle',
    'interpelles',
  ].map(normaliseLatin),
  ...[
    'تحرير',
    'وتحرير',
    'حرر',
    'حررت',
    'الإفراج',
    'إطلاق',
    'اعتقال',
    'واعتقال',
    'توقيف',
    'وتوقيف',
    'إجلاء',
  ].map(normaliseArabic),
]);

interface Matchers {
  before: PhraseMatcher<CasualtyKind>;
  after: PhraseMatcher<CasualtyKind>;
  numbers: PhraseMatcher<number>;
}
let matchers: Matchers | null = null;

function build(): Matchers {
  if (matchers) return matchers;
  const before = new PhraseMatcher<CasualtyKind>();
  const after = new PhraseMatcher<CasualtyKind>();
  for (const [kind, words] of Object.entries(TRIGGERS) as [
    CasualtyKind,
    { before: string[]; after: string[] },
  ][]) {
    for (const w of words.before) before.add(w, kind, { capital: false });
    for (const w of words.after) after.add(w, kind, { capital: false });
  }
  const numbers = new PhraseMatcher<number>();
  for (const [n, w] of NUMBER_WORDS) numbers.add(w, n, { capital: false });
  matchers = { before, after, numbers };
  return matchers;
}

interface Count {
  from: number;
  to: number;
  value: number;
  weak: boolean;
}

/** A count at token `i`: digits ("16", "1,200"), words ("سبعة", "vingt-cinq", "خمسة وعشرون"). */
export function countAt(tokens: readonly Token[], i: number): Count | null {
  const t = tokens[i]!;
  if (t.script === 'num') {
    let value = Number(t.norm);
    let to = i + 1;
    // 1,200 or 1 200 (thousands)
    while (
      (tokens[to]?.raw === ',' || tokens[to]?.raw === '.' || tokens[to]?.raw === ' ') &&
      tokens[to + 1]?.script === 'num' &&
      tokens[to + 1]!.norm.length === 3 &&
      tokens[to + 1]!.start === tokens[to]!.end
    ) {
      value = value * 1000 + Number(tokens[to + 1]!.norm);
      to += 2;
    }
    if (value > 100_000 || (t.norm.length === 4 && value >= 1900 && value <= 2100)) return null;
    return { from: i, to, value, weak: false };
  }
  const { numbers } = build();
  const m = numbers.at(tokens, i);
  if (!m) return null;
  let value = m.value;
  let to = m.to;
  const weak = WEAK_ONE.has(
    tokens
      .slice(m.from, m.to)
      .map((x) => x.norm)
      .join(' '),
  );
  // "خمسة وعشرون": unit, و, tens.
  const next = tokens[to];
  if (next?.script === 'ar' && next.norm.startsWith('و') && value < 10) {
    const tens = TENS.get(next.norm.slice(1));
    if (tens) {
      value += tens;
      to += 1;
    }
  }
  // "twenty-five", "vingt-cinq", "vingt et un"
  if (
    value >= 20 &&
    value < 100 &&
    value % 10 === 0 &&
    (tokens[to]?.raw === '-' || tokens[to]?.norm === 'et')
  ) {
    const unit = numbers.at(tokens, to + 1);
    if (unit && unit.value < 10) {
      value += unit.value;
      to = unit.to;
    }
  }
  return { from: m.from, to, value, weak };
}

export function findCasualties(ctx: Context, skip: Uint8Array): CasualtyHit[] {
  const { before, after } = build();
  const { tokens } = ctx;
  const out: CasualtyHit[] = [];
  const usedCount = new Uint8Array(tokens.length);
  const usedTrigger = new Uint8Array(tokens.length);
  const sameSentence = (a: number, b: number) => ctx.sentence[a] === ctx.sentence[b];

  const emit = (kind: CasualtyKind, count: Count, tFrom: number, tTo: number) => {
    const from = Math.min(count.from, tFrom);
    const to = Math.max(count.to, tTo);
    usedCount.fill(1, count.from, count.to);
    usedTrigger.fill(1, tFrom, tTo);
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    const countSpan = { start: tokens[count.from]!.start, end: tokens[count.to - 1]!.end };
    const triggerSpan = { start: tokens[tFrom]!.start, end: tokens[tTo - 1]!.end };
    const touching = Math.abs(count.from - tTo) <= 0 || Math.abs(tFrom - count.to) <= 0;
    const parts = touching
      ? [{ start, end }]
      : [countSpan, triggerSpan].sort((a, b) => a.start - b.start);
    out.push({
      parts,
      kind,
      count: count.value,
      from,
      to,
      start,
      end,
      sentence: ctx.sentence[count.from]!,
      text: ctx.text.slice(start, end),
    });
  };

  for (let i = 0; i < tokens.length; i += 1) {
    if (skip[i] || usedCount[i]) continue;
    const count = countAt(tokens, i);
    if (!count) continue;
    const following = tokens[count.to];
    if (following && NOT_PEOPLE.has(following.norm)) continue;
    // "rescued 12 kidnapped villagers", "libéré 5 otages": people freed, not a figure of the attack.
    const before0 = tokens[count.from - 1];
    if (before0 && RESCUED.has(before0.norm)) continue;
    let found = false;
    // Right before, with at most "at least" between: "killed at least 15 soldiers and wounded seven".
    if (!count.weak) {
      let j0 = count.from - 1;
      while (
        j0 >= 0 &&
        count.from - j0 <= 3 &&
        FILLER.has(tokens[j0]!.norm) &&
        /^(at|least|au|moins|على|الاقل|نحو|حوالي|d|'|de|plus|more|than|over|some|about|around|nearly|environ)$/.test(
          tokens[j0]!.norm,
        )
      )
        j0 -= 1;
      for (let s0 = Math.max(0, j0 - 3); s0 <= j0 && !found; s0 += 1) {
        const trig = usedTrigger[s0] ? null : before.at(tokens, s0);
        if (trig && trig.to === j0 + 1 && sameSentence(s0, i)) {
          emit(trig.value, count, trig.from, trig.to);
          found = true;
        }
      }
    }
    if (found) continue;
    // After: count, fillers, trigger ("16 قتيلا", "4 soldats ont été tués").
    let k = count.to;
    let hops = 0;
    while (k < tokens.length && hops <= 5 && sameSentence(k, i)) {
      const trig = usedTrigger[k] ? null : after.at(tokens, k);
      if (trig) {
        if (count.weak && trig.from !== count.to + 1) break;
        emit(trig.value, count, trig.from, trig.to);
        found = true;
        break;
      }
      if (!FILLER.has(tokens[k]!.norm) && tokens[k]!.script !== 'punct') {
        if (hops >= 2) break;
      }
      if (tokens[k]!.raw === ',' || tokens[k]!.raw === '،') break;
      k += 1;
      hops += 1;
    }
    if (found || count.weak) continue;
    // Before: trigger, fillers, count ("مقتل 4", "killing at least 15", "قتل تنظيم داعش ... و 3 من رفاقه").
    let j = count.from - 1;
    hops = 0;
    while (j >= 0 && hops <= 8 && sameSentence(j, i)) {
      if (!usedTrigger[j]) {
        for (let s = Math.max(0, j - 3); s <= j; s += 1) {
          const trig = before.at(tokens, s);
          if (trig && trig.to === j + 1) {
            const verbDistance = count.from - trig.to;
            const isNoun = /^(مقتل|ومقتل|مصرع|إصابة|وإصابة|اختطاف|واختطاف|تحييد|وتحييد)$/.test(
              tokens[trig.from]!.raw,
            );
            // Nouns take their count right after ("مقتل 4"); verbs may have their subject between.
            if (verbDistance <= 4 || (!isNoun && tokens[count.to]?.norm === 'من')) {
              emit(trig.value, count, trig.from, trig.to);
              found = true;
            }
            break;
          }
        }
      }
      if (found) break;
      if (tokens[j]!.raw === '.' || tokens[j]!.raw === ';' || tokens[j]!.raw === '؛') break;
      j -= 1;
      hops += 1;
    }
  }

  // Arabic duals: "مقتل جنديين" (two soldiers), with the trigger right before.
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (t.script !== 'ar' || usedCount[i] || skip[i] || !ARABIC_DUALS.has(t.norm)) continue;
    for (let s = Math.max(0, i - 2); s < i; s += 1) {
      const trig = usedTrigger[s] ? null : before.at(tokens, s);
      if (trig && trig.to === i) {
        emit(trig.value, { from: i, to: i + 1, value: 2, weak: false }, trig.from, trig.to);
        break;
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
