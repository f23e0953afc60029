import { randomUUID } from 'node:crypto';

/**
 * Deterministic EXERCISE DATA for bench/search: reports in Arabic, French and English about real
 * places and the public names of well-known groups, with invented contents. Word frequencies fall
 * off like natural text (a few words in most reports, most words in few), and Arabic is written the
 * way the press writes it: with and without hamza, ة or ه, some diacritics and tatweel.
 */

/** mulberry32 */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Lang = 'ar' | 'fr' | 'en';

/** Real places of the Sahel and Lake Chad basin, as each language writes them. */
export const PLACES: Record<Lang, string>[] = [
  { en: 'Tillaberi', fr: 'Tillabéri', ar: 'تيلابيري' },
  { en: 'Maiduguri', fr: 'Maiduguri', ar: 'مايدوغوري' },
  { en: 'Diffa', fr: 'Diffa', ar: 'ديفا' },
  { en: 'Menaka', fr: 'Ménaka', ar: 'ميناكا' },
  { en: 'Gao', fr: 'Gao', ar: 'غاو' },
  { en: 'Mopti', fr: 'Mopti', ar: 'موبتي' },
  { en: 'Kousseri', fr: 'Kousséri', ar: 'كوسيري' },
  { en: 'Djibo', fr: 'Djibo', ar: 'جيبو' },
  { en: 'Niamey', fr: 'Niamey', ar: 'نيامي' },
  { en: 'Bamako', fr: 'Bamako', ar: 'باماكو' },
  { en: 'Ouagadougou', fr: 'Ouagadougou', ar: 'واغادوغو' },
  { en: 'Kidal', fr: 'Kidal', ar: 'كيدال' },
  { en: 'Timbuktu', fr: 'Tombouctou', ar: 'تمبكتو' },
  { en: 'Agadez', fr: 'Agadez', ar: 'أغاديس' },
  { en: 'Borno', fr: 'Borno', ar: 'بورنو' },
  { en: 'Sokoto', fr: 'Sokoto', ar: 'سوكوتو' },
  { en: 'Mandera', fr: 'Mandera', ar: 'مانديرا' },
  { en: 'Lamu', fr: 'Lamu', ar: 'لامو' },
  { en: 'Dori', fr: 'Dori', ar: 'دوري' },
  { en: 'Ansongo', fr: 'Ansongo', ar: 'أنسونغو' },
];

/** Public names of groups, with the aliases the press uses. */
export const GROUPS: { name: string; aliases: string[]; byLang: Record<Lang, string> }[] = [
  {
    name: 'Islamic State West Africa Province',
    aliases: ['ISWAP', 'ولاية غرب إفريقيا', 'État islamique en Afrique de l’Ouest'],
    byLang: { en: 'ISWAP', fr: 'ISWAP', ar: 'ولاية غرب إفريقيا' },
  },
  {
    name: 'Jama’at Nusrat al-Islam wal-Muslimin',
    aliases: ['JNIM', 'GSIM', 'جماعة نصرة الإسلام والمسلمين'],
    byLang: { en: 'JNIM', fr: 'GSIM', ar: 'جماعة نصرة الإسلام والمسلمين' },
  },
  {
    name: 'Boko Haram',
    aliases: ['بوكو حرام', 'Jama’atu Ahlis Sunna'],
    byLang: { en: 'Boko Haram', fr: 'Boko Haram', ar: 'بوكو حرام' },
  },
  {
    name: 'Islamic State in the Greater Sahara',
    aliases: ['ISGS', 'EIGS', 'تنظيم الدولة في الصحراء الكبرى'],
    byLang: { en: 'ISGS', fr: 'EIGS', ar: 'تنظيم الدولة في الصحراء الكبرى' },
  },
  {
    name: 'al-Shabaab',
    aliases: ['Shebab', 'حركة الشباب'],
    byLang: { en: 'al-Shabaab', fr: 'Shebab', ar: 'حركة الشباب' },
  },
];

const WORDS: Record<Lang, string[]> = {
  en: `attack attacks armed men killed wounded soldiers army forces security patrol convoy checkpoint
    village market road border crossing camp kidnapping kidnapped hostages explosive device mine
    ambush raid militants fighters terrorist terrorists group cell network financing recruitment
    logistics supply route movement movements leader commander faction displacement civilians
    casualties operation operations airstrike drone motorcycles vehicles weapons ammunition fuel
    smuggling cattle theft tax extortion school mosque church police gendarmerie post base
    assessment threat trend increase decrease region district province night morning week month
    quarter report reports analysis source sources local authorities humanitarian aid workers`.split(
    /\s+/,
  ),
  fr: `attaque attaques hommes armés tués blessés soldats armée forces sécurité patrouille convoi
    poste contrôle village marché route frontière passage camp enlèvement enlevés otages engin
    explosif mine embuscade raid militants combattants terroriste terroristes groupe cellule réseau
    financement recrutement logistique ravitaillement itinéraire mouvement mouvements chef
    commandant faction déplacement civils victimes opération opérations frappe aérienne drone motos
    véhicules armes munitions carburant contrebande bétail vol taxe extorsion école mosquée église
    police gendarmerie base évaluation menace tendance hausse baisse région cercle province nuit
    matin semaine mois trimestre rapport rapports analyse source sources autorités locales
    humanitaires`.split(/\s+/),
  ar: `هجوم الهجوم هجمات مسلحين مسلحون قتلى قتل جرحى الجنود الجيش القوات الأمن دورية قافلة
    نقطة تفتيش القرية السوق الطريق الحدود معبر مخيم اختطاف المختطفين رهائن عبوة ناسفة لغم كمين
    غارة عناصر المقاتلين الإرهابية الإرهابيين الجماعة خلية شبكة تمويل تجنيد الإمدادات طريق تحركات
    القائد فصيل نزوح المدنيين الضحايا عملية العمليات غارة جوية طائرة مسيرة دراجات نارية مركبات
    أسلحة ذخيرة الوقود التهريب الماشية سرقة الإتاوات المدرسة المسجد الكنيسة الشرطة الدرك القاعدة
    تقييم التهديد ارتفاع انخفاض المنطقة الإقليم الولاية ليلة صباح الأسبوع الشهر الفصل تقرير
    التقارير تحليل مصادر السلطات المحلية الإنسانية`.split(/\s+/),
};

/** The most frequent words of each language: they make a text a text, and nobody searches them. */
const FUNCTION_WORDS: Record<Lang, string[]> = {
  en: 'the of and in to a on by with for at from was were that'.split(' '),
  fr: 'de la le les et des en du à un une dans par pour sur'.split(' '),
  ar: 'في من على إلى أن عن مع التي الذي كما بعد قبل حيث هذا هذه'.split(' '),
};

const LATIN_SYLLABLES =
  'ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to za zo'.split(
    ' ',
  );
const ARABIC_LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'.split('');

/**
 * A long tail of invented words (as many as a real vocabulary has), so that a domain word is as
 * rare as in real reports: words at rank r are drawn about 1/r as often as the most common one.
 */
function tail(lang: Lang, n: number): string[] {
  const r = random(lang === 'ar' ? 101 : lang === 'fr' ? 102 : 103);
  return Array.from({ length: n }, () => {
    const length = 3 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < length; i += 1) {
      w +=
        lang === 'ar'
          ? ARABIC_LETTERS[Math.floor(r() * ARABIC_LETTERS.length)]
          : LATIN_SYLLABLES[Math.floor(r() * LATIN_SYLLABLES.length)];
    }
    return w;
  });
}

/** Function words first, then the domain words spread over the next ranks, then the tail. */
const VOCABULARY: Record<Lang, string[]> = Object.fromEntries(
  LANGS_ORDER().map((lang) => {
    const domain = WORDS[lang];
    const rest = tail(lang, 8000);
    const out = [...FUNCTION_WORDS[lang]];
    domain.forEach((w, i) => {
      out.push(w);
      // Domain words thin out with rank, as in real text: 2 tail words after the first ones, more later.
      out.push(...rest.splice(0, 1 + Math.floor(i / 8)));
    });
    return [lang, [...out, ...rest]];
  }),
) as Record<Lang, string[]>;

function LANGS_ORDER(): Lang[] {
  return ['ar', 'fr', 'en'];
}

/** How the press varies Arabic spelling: hamza dropped, ة as ه, ى as ي, a few diacritics. */
function vary(word: string, r: () => number): string {
  let w = word;
  if (r() < 0.3) w = w.replace(/[أإآ]/g, 'ا');
  if (r() < 0.2) w = w.replace(/ة$/, 'ه').replace(/ى$/, 'ي');
  if (r() < 0.05 && w.length > 3) w = `${w.slice(0, 2)}\u0640${w.slice(2)}`;
  if (r() < 0.05) w = `${w[0]}\u064e${w.slice(1)}`;
  return w;
}

/** Zipf-like: word k is drawn about 1/(k+1) as often as the first. */
function zipf(r: () => number, n: number): number {
  const h = Math.log(n + 1);
  return Math.min(n - 1, Math.floor(Math.exp(r() * h) - 1));
}

export const LANGS: Lang[] = ['ar', 'fr', 'en'];

export interface CorpusReport {
  object: Record<string, unknown>;
  lang: Lang;
}

/** The `i`th report: its language, text and dates follow from the seed and `i`. */
export function corpusReport(seed: number, i: number): CorpusReport {
  const r = random(seed * 7919 + i);
  const lang = LANGS[i % 3]!;
  const words = VOCABULARY[lang];
  const pick = () => {
    const w = words[zipf(r, words.length)]!;
    return lang === 'ar' ? vary(w, r) : w;
  };
  const place = PLACES[zipf(r, PLACES.length)]![lang];
  const group = GROUPS[Math.floor(r() * GROUPS.length)]!.byLang[lang];
  const body = Array.from({ length: 40 + Math.floor(r() * 60) }, pick);
  body.splice(Math.floor(r() * body.length), 0, place);
  if (r() < 0.6) body.splice(Math.floor(r() * body.length), 0, group);
  const day = Date.UTC(2019, 0, 1) + Math.floor(r() * 6 * 365) * 86_400_000;
  const published = new Date(day).toISOString();
  const label = { ar: '[تمرين]', fr: '[EXERCICE]', en: '[EXERCISE]' }[lang];
  const object = {
    type: 'report',
    spec_version: '2.1',
    id: `report--${randomUUID()}`,
    created: published,
    modified: published,
    name: `${label} ${pick()} ${pick()} ${pick()} — ${place}`,
    description: `${body.join(' ')}. EX-${i}`,
    lang,
    published,
    report_types: ['threat-report'],
    object_refs: [`identity--${randomUUID()}`],
    labels: ['exercise'],
  };
  return { object, lang };
}
