import { PhraseMatcher } from '../matcher.ts';
import {
  GIVEN_NAMES,
  HONORIFICS,
  NAME_PARTICLES,
  ROLE_WORDS,
  TITLE_HEADS,
} from '../lexicon/people.ts';
import { normaliseArabic, normaliseLatin, type Token } from '../text.ts';
import { claim, TokenKind, type Context, type Span } from './context.ts';

/**
 * People, with their role when the text gives one. A name is found after a title ("وزير الشؤون
 * الخارجية …، السيد ناصر بوريطة", "Special Envoy John Godfrey", "le secrétaire d'État américain, Antony
 * Blinken"), before an appositive title ("Nasser Bourita, Morocco's foreign minister"), or from a
 * known given name. A surname met again alone ("Godfrey", "بلينكن") is the same person.
 */

export interface PersonHit {
  name: string;
  role?: string;
  spans: (Span & { from: number; to: number })[];
}

interface Matchers {
  titles: PhraseMatcher<true>;
  givenLatin: Set<string>;
  givenArabic: Set<string>;
}
let matchers: Matchers | null = null;

/** Arabic as written, without diacritics but with its letters (على is not علي). */
const arabicAsWritten = (w: string) => w.replace(/[\u064B-\u065F\u0670\u0640]/g, '');

function build(): Matchers {
  if (matchers) return matchers;
  const titles = new PhraseMatcher<true>();
  for (const list of Object.values(TITLE_HEADS))
    for (const w of list) titles.add(w, true, { capital: false });
  matchers = {
    titles,
    givenLatin: new Set(GIVEN_NAMES.latin.map(normaliseLatin)),
    givenArabic: new Set(GIVEN_NAMES.ar.map(arabicAsWritten)),
  };
  return matchers;
}

const ROLE_AR = new Set(ROLE_WORDS.ar.map(normaliseArabic));
const TITLE_LAT = new Set(
  [...TITLE_HEADS.en, ...TITLE_HEADS.fr].filter((w) => !/[\s.'-]/.test(w)).map(normaliseLatin),
);
const TITLE_AR = new Set(TITLE_HEADS.ar.filter((w) => !w.includes(' ')).map(normaliseArabic));
// Words of an office's name continue a role: "Director of Defence Media Operations, …".
const ROLE_LAT = new Set(
  [
    ...ROLE_WORDS.latin,
    'media',
    'operations',
    'headquarters',
    'information',
    'communications',
    'public',
    'relations',
    'regional',
    'assistant',
    'joint',
    'task',
    'multinational',
    'operation',
    'sector',
    'theatre',
    'theater',
  ].map(normaliseLatin),
);
const HONORIFIC = new Set(
  [...HONORIFICS].map((h) => (/[a-z]/.test(h) ? normaliseLatin(h) : normaliseArabic(h))),
);
const PARTICLES = new Set(
  [...NAME_PARTICLES].map((p) => (/[a-z]/.test(p) ? p : normaliseArabic(p))),
);

/** Arabic words that end a name: prepositions, conjunctions, pronouns, common verbs of reporting. */
const AR_STOP = new Set(
  [
    'في',
    'من',
    'على',
    'إلى',
    'الى',
    'عن',
    'مع',
    'أن',
    'إن',
    'ان',
    'الذي',
    'التي',
    'الذين',
    'كما',
    'قد',
    'لقد',
    'ثم',
    'أو',
    'بين',
    'بعد',
    'قبل',
    'خلال',
    'حيث',
    'هذا',
    'هذه',
    'ذلك',
    'تلك',
    'هو',
    'هي',
    'عبر',
    'حول',
    'ضد',
    'منذ',
    'لدى',
    'عند',
    'وفق',
    'نحو',
    'غير',
    'كل',
    'بعض',
    'أي',
    'قال',
    'أكد',
    'أعلن',
    'أوضح',
    'أضاف',
    'أشار',
    'شدد',
    'دعا',
    'اعتبر',
    'وقال',
    'وأكد',
    'وأعلن',
    'وأوضح',
    'وأضاف',
    'وأشار',
    'يوم',
    'أمس',
    'اليوم',
    'أيضا',
    'وكذا',
    'وذلك',
    'لكن',
    'بل',
    'إذ',
    'فيما',
    'بينما',
    'كان',
    'كانت',
    'يكون',
    'تم',
    'وتم',
    'بأن',
    'لأن',
    'عبر',
    'وسط',
    'ضمن',
    'لهذه',
    'لهذا',
    'بهذه',
    'بهدف',
    'بشأن',
    'حسب',
    'بحسب',
    'وفقا',
    'إضافة',
    'بالإضافة',
    'مشيرا',
    'مؤكدا',
    'موضحا',
    'مضيفا',
    'اليوم',
    'الخميس',
    'الجمعة',
    'السبت',
    'الأحد',
    'الاثنين',
    'الثلاثاء',
    'الأربعاء',
    'ببروكسل',
    'بروكسل',
  ].map(normaliseArabic),
);
/** Latin capitalised words that begin sentences or titles, not names. */
const LAT_STOP = new Set(
  [
    'the',
    'a',
    'an',
    'in',
    'on',
    'at',
    'and',
    'but',
    'for',
    'with',
    'this',
    'that',
    'these',
    'those',
    'they',
    'he',
    'she',
    'it',
    'we',
    'his',
    'her',
    'their',
    'our',
    'as',
    'by',
    'from',
    'to',
    'of',
    'after',
    'before',
    'during',
    'while',
    'le',
    'la',
    'les',
    'un',
    'une',
    'des',
    'du',
    'de',
    'dans',
    'en',
    'au',
    'aux',
    'et',
    'mais',
    'pour',
    'par',
    'avec',
    'ce',
    'cette',
    'ces',
    'il',
    'elle',
    'ils',
    'elles',
    'selon',
    'lors',
    'apres',
    'avant',
    'depuis',
    'sur',
    'sous',
    'son',
    'sa',
    'ses',
    'leur',
    'leurs',
    'a',
    'read',
    'more',
    'accept',
    'cookies',
    'share',
    'lire',
    'plus',
    'said',
    'told',
    'added',
    'a',
    'declare',
    'affirme',
    'indique',
    'souligne',
  ].map(normaliseLatin),
);
/** Capitalised words of institutions, never of a person's name ("Defence Media Operations"). */
const INSTITUTION = new Set(
  [
    'transition',
    'republic',
    'presidency',
    'presidence',
    'operations',
    'headquarters',
    'ministry',
    'ministere',
    'media',
    'council',
    'conseil',
    'forces',
    'force',
    'command',
    'commandement',
    'agency',
    'agence',
    'office',
    'bureau',
    'department',
    'departement',
    'committee',
    'comite',
    'commission',
    'army',
    'armee',
    'police',
    'government',
    'gouvernement',
    'state',
    'etat',
    'union',
    'group',
    'groupe',
    'defence',
    'defense',
    'security',
    'securite',
    'intelligence',
    'service',
    'services',
    'directorate',
    'direction',
    'assembly',
    'assemblee',
    'parliament',
    'parlement',
    'court',
    'cour',
    'tribunal',
    'republic',
    'republique',
    'kingdom',
    'royaume',
    'news',
    'press',
    'presse',
    'radio',
    'television',
    'agency',
    'center',
    'centre',
    'institute',
    'institut',
    'university',
    'universite',
    'foundation',
    'fondation',
    'coalition',
    'alliance',
    'mission',
    'nations',
    'affairs',
    'affaires',
    'staff',
    'brigade',
    'battalion',
    'bataillon',
    'division',
    'regiment',
    'region',
    'province',
    'north',
    'south',
    'east',
    'west',
    'nord',
    'sud',
    'est',
    'ouest',
    'central',
    'africa',
    'afrique',
    'sahel',
    'islamic',
    'islamique',
  ].map(normaliseLatin),
);
/** Words that link a title to its complement; a name never follows them directly. */
const LINKS = new Set(['de', 'du', 'des', 'la', 'l', 'd', 'of', 'the', "'", 'et', 'and']);
/** Words after which a capitalised pair names who speaks: "according to", "selon", "d'après". */
const CITING = new Set([
  'to',
  'selon',
  'apres',
  'says',
  'said',
  'declared',
  'declare',
  'explique',
  'ajoute',
  'affirme',
  'indique',
  'souligne',
  'estime',
]);
const ARTICLES = new Set(['the', 'le', 'la', 'les', 'l', "'", 'un', 'une', 'a', 'an']);
const SPEECH = new Set(
  [
    'said',
    'says',
    'told',
    'added',
    'stated',
    'declared',
    'announced',
    'noted',
    'explained',
    'warned',
    'urged',
    'stressed',
    'declare',
    'affirme',
    'indique',
    'souligne',
    'explique',
    'annonce',
    'estime',
    'precise',
    'ajoute',
    'assure',
    'insiste',
    'rappelle',
  ].map(normaliseLatin),
);

function isNameToken(ctx: Context, k: number): boolean {
  const t = ctx.tokens[k];
  if (!t || ctx.taken[k]) return false;
  if (t.script === 'lat')
    return t.cap && !LAT_STOP.has(t.norm) && !INSTITUTION.has(t.norm) && !TITLE_LAT.has(t.norm);
  // Names carry no case endings: "ووجهاً" (with tanween) is a noun.
  if (t.script === 'ar')
    return (
      !AR_STOP.has(t.norm) &&
      !ROLE_AR.has(t.norm) &&
      !TITLE_AR.has(t.norm) &&
      t.norm.length >= 2 &&
      !/[\u064B-\u064D]/.test(t.raw)
    );
  return false;
}

/** The name run starting at `k`: its token range, or null. Latin names need capitals. */
function nameRun(
  ctx: Context,
  k: number,
  maxTokens: number,
  requireTwo: boolean,
): { from: number; to: number } | null {
  const { tokens } = ctx;
  if (!isNameToken(ctx, k)) return null;
  const script = tokens[k]!.script;
  let to = k + 1;
  let words = 1;
  while (to < tokens.length && words < maxTokens) {
    const t = tokens[to]!;
    if (ctx.sentence[to] !== ctx.sentence[k]) break;
    if (script === 'lat') {
      // Joined pieces: "Jean-Yves", "N'Diaye", "al-Hassan".
      if (
        (t.raw === '-' || t.raw === "'" || t.raw === '’') &&
        t.start === tokens[to - 1]!.end &&
        tokens[to + 1]?.script === 'lat' &&
        tokens[to + 1]!.start === t.end
      ) {
        to += 2;
        continue;
      }
      if (
        t.script === 'lat' &&
        PARTICLES.has(t.norm) &&
        !t.cap &&
        tokens[to + 1]?.script === 'lat' &&
        tokens[to + 1]!.cap &&
        !ctx.taken[to + 1]
      ) {
        to += 2;
        words += 1;
        continue;
      }
      if (isNameToken(ctx, to) && t.script === 'lat') {
        to += 1;
        words += 1;
        continue;
      }
      break;
    }
    if (t.script === 'ar' && isNameToken(ctx, to)) {
      to += 1;
      words += 1;
      continue;
    }
    if (
      t.script === 'ar' &&
      !ctx.taken[to] &&
      TITLE_AR.has(t.norm) &&
      !t.norm.startsWith('ال') &&
      isNameToken(ctx, to + 1)
    ) {
      to += 1;
      words += 1;
      continue;
    }
    break;
  }
  if (script === 'ar') {
    // Without capitals, a name is its first two words unless punctuation or a stop word ends it
    // within four, or a particle ("بن", "ولد") joins more.
    const end = tokens[to];
    const delimited =
      !end || end.script === 'punct' || AR_STOP.has(end.norm) || ctx.taken[to] === 1;
    const particle = tokens.slice(k, to).some((t) => PARTICLES.has(t.norm));
    if (!delimited && !particle && to - k > 2) to = k + 2;
  }
  if (requireTwo && to - k < 2) return null;
  return { from: k, to };
}

function textOf(ctx: Context, from: number, to: number): string {
  return ctx.text.slice(ctx.tokens[from]!.start, ctx.tokens[to - 1]!.end);
}

export function findPeople(ctx: Context): PersonHit[] {
  const { titles, givenLatin, givenArabic } = build();
  const { tokens } = ctx;
  const people: PersonHit[] = [];
  const add = (from: number, to: number, role?: string) => {
    const name = textOf(ctx, from, to).replace(/\s+/g, ' ');
    const span = { start: tokens[from]!.start, end: tokens[to - 1]!.end, from, to };
    const same = people.find((p) => p.name === name);
    if (same) {
      same.spans.push(span);
      if (!same.role && role) same.role = role;
    } else people.push({ name, ...(role ? { role } : {}), spans: [span] });
    claim(ctx, from, to, TokenKind.person);
  };

  // 1. After a title and its complement.
  for (let i = 0; i < tokens.length; i += 1) {
    if (ctx.taken[i] && !isTitleToken(ctx, i)) continue;
    const title = titles.at(tokens, i);
    if (!title) continue;
    let roleStart = title.from;
    // Adjectives of nationality and titles right before belong to the role: "Belgian Deputy Prime-Minister".
    for (let b = title.from - 1; b >= 0 && b >= title.from - 5; b -= 1) {
      const t = tokens[b]!;
      // Adjectives of nationality and organisations ("U.S.", "UN") belong to the role; dates and
      // places before it do not.
      // "Morocco's Minister": the possessive joins the country to the role.
      if ((t.raw === "'" || t.raw === '’') && tokens[b + 1]?.norm === 's') {
        roleStart = b;
        continue;
      }
      const nationality = ctx.kind[b] === TokenKind.country || ctx.kind[b] === TokenKind.org;
      // Before a title, only capitalised words of it ("Acting", "Senior Deputy"), never "to", "of".
      const roleWord = !ctx.taken[b] && t.cap && ROLE_LAT.has(t.norm) && !ARTICLES.has(t.norm);
      if (t.script === 'lat' && (nationality || roleWord) && ctx.sentence[b] === ctx.sentence[i])
        roleStart = b;
      else break;
    }
    let k = title.to;
    let hops = 0;
    while (k < tokens.length && hops < 24 && ctx.sentence[k] === ctx.sentence[i]) {
      const t = tokens[k]!;
      if (t.raw === ',' || t.raw === '،') {
        // "ministre des Affaires étrangères, de la Coopération africaine …, Nasser Bourita": a comma
        // ends the role when a name (or an honorific) follows it.
        const next = k + 1;
        if (
          isNameToken(ctx, next) ||
          HONORIFIC.has(tokens[next]?.norm ?? '') ||
          tokens[next]?.script !== 'lat' ||
          tokens[next]?.cap
        ) {
          k += 1;
          break;
        }
        k += 1;
        hops += 1;
        continue;
      }
      const honorific = HONORIFIC.has(t.norm);
      if (honorific) break;
      const prev = tokens[k - 1]!;
      const roleWord =
        ctx.taken[k] === 1 ||
        (t.script === 'ar'
          ? ROLE_AR.has(t.norm) ||
            ROLE_AR.has(t.norm.replace(/^[وبل]/, '')) ||
            // Arabic complements are definite nouns and adjectives: "وزير الإعلام", "قائد الجيش".
            /^(ال|لل|بال|وال)/.test(t.norm)
          : ROLE_LAT.has(t.norm) && !(t.cap && isNameToken(ctx, k) && givenLatin.has(t.norm))) ||
        // "ministre de la Sécurité", "Minister of Defence": a capitalised word after "de", "of".
        (t.script === 'lat' && t.cap && LINKS.has(prev.norm) && !givenLatin.has(t.norm)) ||
        titles.at(tokens, k) !== null ||
        t.raw === '-' ||
        t.raw === "'" ||
        t.raw === '’' ||
        t.raw === '.';
      if (!roleWord) break;
      // An Arabic complement word that is also a name start ("ناصر") ends the role.
      if (t.script === 'ar' && givenArabic.has(arabicAsWritten(t.raw))) break;
      k += 1;
      hops += 1;
    }
    // More titles after the comma ("…, Major General Edward Buba") belong to the role too.
    for (let more = titles.at(tokens, k); more && !ctx.taken[k]; more = titles.at(tokens, k))
      k = more.to;
    while (k < tokens.length && HONORIFIC.has(tokens[k]!.norm)) {
      k += 1;
      if (tokens[k]?.raw === '.') k += 1;
    }
    const run = nameRun(ctx, k, 4, false);
    if (!run) continue;
    const arabic = tokens[run.from]!.script === 'ar';
    // A single Latin word after a title is a surname ("President Tinubu"), an Arabic one is not enough.
    if (arabic && run.to - run.from < 2) continue;
    // "شيخ عشيرة": an Arabic title without the article and without a complement is a common noun,
    // unless a given name follows.
    // (A title of several words, "رئيس الوزراء", is definite by its last word.)
    const written = normaliseArabic(ctx.text.slice(title.start, tokens[title.from]!.end));
    const bare =
      arabic &&
      k === title.to &&
      title.to - title.from === 1 &&
      !written.startsWith('ال') &&
      !HONORIFIC.has(written);
    if (bare && !givenArabic.has(arabicAsWritten(tokens[run.from]!.raw))) continue;
    let roleEnd = k;
    while (
      roleEnd > roleStart &&
      (tokens[roleEnd - 1]!.script === 'punct' || HONORIFIC.has(tokens[roleEnd - 1]!.norm))
    )
      roleEnd -= 1;
    // "le ministre …", "the minister …": the article is not part of the role.
    while (roleStart < title.from && !ctx.taken[roleStart] && ARTICLES.has(tokens[roleStart]!.norm))
      roleStart += 1;
    const roleFrom = roleStart === title.from ? title.start : tokens[roleStart]!.start;
    const role =
      roleEnd > roleStart ? ctx.text.slice(roleFrom, tokens[roleEnd - 1]!.end) : undefined;
    add(run.from, run.to, role && !HONORIFIC.has(normaliseWordForRole(role)) ? role : undefined);
    i = run.to - 1;
  }

  // 2. From a known given name (Latin: capitalised runs of two or more; Arabic: the given name starts it).
  for (let i = 0; i < tokens.length; i += 1) {
    if (ctx.taken[i]) continue;
    const t = tokens[i]!;
    const given =
      t.script === 'lat'
        ? t.cap && givenLatin.has(t.norm)
        : t.script === 'ar' && givenArabic.has(arabicAsWritten(t.raw));
    if (!given) continue;
    const run = nameRun(ctx, i, 4, true);
    if (!run) continue;
    add(run.from, run.to, appositiveRole(ctx, run.to));
    i = run.to - 1;
  }

  // 3. Latin capitalised pairs followed by an appositive title or a verb of speech.
  for (let i = 0; i < tokens.length; i += 1) {
    if (ctx.taken[i] || tokens[i]!.script !== 'lat') continue;
    const run = nameRun(ctx, i, 4, true);
    if (!run) continue;
    const role = appositiveRole(ctx, run.to);
    const next = tokens[run.to];
    // "…, said John Smith", "a déclaré Jean Dupont", "according to Amina Salihu", "selon Paul Biya".
    const before = tokens[i - 1];
    const cited = !!before && (SPEECH.has(before.norm) || CITING.has(before.norm));
    if (role || cited || (next && SPEECH.has(next.norm))) add(run.from, run.to, role);
    i = run.to - 1;
  }

  // 4. A surname after a title ("Special Envoy Godfrey") is the person named in full elsewhere.
  for (const single of people.filter((p) => p.spans[0]!.to - p.spans[0]!.from === 1)) {
    const surname = tokens[single.spans[0]!.from]!.norm;
    const full = people.find(
      (p) =>
        p !== single &&
        p.spans[0]!.to - p.spans[0]!.from > 1 &&
        tokens[p.spans[0]!.to - 1]!.norm === surname,
    );
    if (full) {
      full.spans.push(...single.spans);
      if (!full.role && single.role) full.role = single.role;
      people.splice(people.indexOf(single), 1);
    }
  }

  // 5. Surnames met again alone.
  for (const p of [...people]) {
    const first = p.spans[0]!;
    if (first.to - first.from < 2) continue;
    const last = tokens[first.to - 1]!;
    if (last.norm.length < 3) continue;
    for (let i = 0; i < tokens.length; i += 1) {
      if (ctx.taken[i]) continue;
      const t = tokens[i]!;
      if (t.norm === last.norm && t.script === last.script && (t.script !== 'lat' || t.cap)) {
        p.spans.push({ start: t.start, end: t.end, from: i, to: i + 1 });
        claim(ctx, i, i + 1, TokenKind.person);
      }
    }
  }
  return people;
}

function isTitleToken(ctx: Context, i: number): boolean {
  return ctx.tokens[i]!.script === 'lat' && ROLE_LAT.has(ctx.tokens[i]!.norm);
}

function normaliseWordForRole(role: string): string {
  return /[a-z]/i.test(role) ? normaliseLatin(role) : normaliseArabic(role);
}

/** "…, Morocco's foreign minister," / "…, ministre des Affaires étrangères," after a name. */
function appositiveRole(ctx: Context, at: number): string | undefined {
  const { tokens } = ctx;
  const comma = tokens[at];
  if (!comma || (comma.raw !== ',' && comma.raw !== '،')) return undefined;
  const { titles } = build();
  let end = at + 1;
  let sawTitle = false;
  while (end < tokens.length && end - at < 12 && ctx.sentence[end] === ctx.sentence[at]) {
    const t: Token = tokens[end]!;
    if (t.raw === ',' || t.raw === '،' || t.raw === '.') break;
    const title = titles.at(tokens, end);
    if (title) {
      sawTitle = true;
      end = title.to;
      continue;
    }
    const roleWord =
      ctx.taken[end] === 1 ||
      (t.script === 'ar' ? ROLE_AR.has(t.norm) : ROLE_LAT.has(t.norm)) ||
      t.raw === "'" ||
      t.raw === '’' ||
      t.norm === 's';
    if (!roleWord) return undefined;
    end += 1;
  }
  if (!sawTitle || end === at + 1) return undefined;
  return textOf(ctx, at + 1, end);
}
