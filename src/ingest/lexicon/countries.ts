/**
 * Country names in Arabic, French and English: the names ICU gives every ISO 3166-1 code
 * (`Intl.DisplayNames`), the forms the press also uses, and the adjectives and nouns of nationality
 * ("الإيطالي", "marocaine", "Nigerien"), which name a country as surely as its name does.
 */

const NOT_COUNTRIES = new Set(['AC', 'CP', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'ZZ']);

/** Every ISO 3166-1 alpha-2 code ICU names (with the non-country codes above left out). */
export const ISO2_CODES: string[] = (() => {
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes: string[] = [];
  for (let a = 65; a <= 90; a += 1)
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      if (!NOT_COUNTRIES.has(code) && !/^X/.test(code) && en.of(code)) codes.push(code);
    }
  return codes;
})();

/** Other names the press uses, beyond ICU's. */
const VARIANTS: Record<string, string[]> = {
  US: [
    'USA',
    'U.S.',
    'U.S.A.',
    'US',
    'United States of America',
    'America',
    'Etats-Unis',
    'Amérique',
    'أمريكا',
    'أميركا',
    'الولايات المتحدة الأمريكية',
    'الولايات المتحدة الأميركية',
  ],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain', 'Grande-Bretagne', 'بريطانيا'],
  CD: [
    'DRC',
    'DR Congo',
    'Democratic Republic of the Congo',
    'Democratic Republic of Congo',
    'Congo',
    'RDC',
    'RD Congo',
    'République démocratique du Congo',
    'الكونغو الديمقراطية',
    'جمهورية الكونغو الديمقراطية',
    'الكونغو',
  ],
  CG: ['Republic of the Congo', 'Congo-Brazzaville', 'République du Congo', 'Congo Brazzaville'],
  CI: ['Ivory Coast', "Cote d'Ivoire", "Côte d'Ivoire", 'كوت ديفوار'],
  CF: ['CAR', 'RCA', 'Centrafrique', 'أفريقيا الوسطى', 'إفريقيا الوسطى'],
  ZA: ['جنوب إفريقيا'],
  MA: ['المملكة المغربية', 'Royaume du Maroc', 'Kingdom of Morocco'],
  SA: ['Saudi', 'السعودية', 'Arabie Saoudite'],
  AE: ['UAE', 'Emirates', 'EAU', 'Émirats', 'الإمارات'],
  BF: ['Burkina', 'بوركينا'],
  CV: ['Cabo Verde', 'كاب فيردي'],
  SZ: ['Swaziland', 'سوازيلاند'],
  ST: ['Sao Tome and Principe', 'São Tomé and Príncipe'],
  GM: ['The Gambia'],
  TR: ['Türkiye', 'تركيا'],
  NL: ['Holland', 'هولندا'],
  SY: ['سورية'],
  KM: ['Comoros Islands'],
  MU: ['île Maurice'],
  PS: ['Palestine', 'فلسطين'],
  RU: ['روسيا'],
  BE: ['Kingdom of Belgium', 'Royaume de Belgique', 'مملكة بلجيكا'],
};

/** Names that are also common words or people's names: only as countries when so written. */
const SKIP = new Set(['Maurice', 'Jersey', 'Guernsey']);

/** Adjectives and nouns of nationality, English and French (French as the masculine singular). */
const DEMONYMS: Record<string, { en: string[]; fr: string[]; ar?: string[] }> = {
  DZ: { en: ['Algerian'], fr: ['algérien'] },
  AO: { en: ['Angolan'], fr: ['angolais'] },
  BJ: { en: ['Beninese'], fr: ['béninois'] },
  BW: { en: ['Motswana', 'Batswana'], fr: ['botswanais'] },
  BF: {
    en: ['Burkinabe', 'Burkinabè'],
    fr: ['burkinabè', 'burkinabé'],
    ar: ['البوركينابي', 'البوركينابية', 'البوركينيين'],
  },
  BI: { en: ['Burundian'], fr: ['burundais'] },
  CV: { en: ['Cape Verdean'], fr: ['cap-verdien'] },
  CM: { en: ['Cameroonian'], fr: ['camerounais'] },
  CF: { en: ['Central African'], fr: ['centrafricain'] },
  TD: { en: ['Chadian'], fr: ['tchadien'] },
  KM: { en: ['Comorian'], fr: ['comorien'] },
  CD: { en: ['Congolese'], fr: ['congolais'], ar: ['الكونغولي', 'الكونغولية', 'الكونغوليين'] },
  CI: { en: ['Ivorian'], fr: ['ivoirien'], ar: ['الإيفواري', 'الإيفوارية', 'الإيفواريين'] },
  DJ: { en: ['Djiboutian'], fr: ['djiboutien'] },
  EG: { en: ['Egyptian'], fr: ['égyptien'] },
  ER: { en: ['Eritrean'], fr: ['érythréen'] },
  ET: { en: ['Ethiopian'], fr: ['éthiopien'] },
  GA: { en: ['Gabonese'], fr: ['gabonais'] },
  GM: { en: ['Gambian'], fr: ['gambien'] },
  GH: { en: ['Ghanaian'], fr: ['ghanéen'] },
  GN: { en: ['Guinean'], fr: ['guinéen'] },
  KE: { en: ['Kenyan'], fr: ['kényan', 'kenyan'] },
  LR: { en: ['Liberian'], fr: ['libérien'] },
  LY: { en: ['Libyan'], fr: ['libyen'] },
  MG: { en: ['Malagasy'], fr: ['malgache'] },
  MW: { en: ['Malawian'], fr: ['malawite'] },
  ML: { en: ['Malian'], fr: ['malien'] },
  MR: { en: ['Mauritanian'], fr: ['mauritanien'] },
  MA: { en: ['Moroccan'], fr: ['marocain'], ar: ['المغاربة'] },
  MZ: { en: ['Mozambican'], fr: ['mozambicain'] },
  NA: { en: ['Namibian'], fr: ['namibien'] },
  NE: { en: ['Nigerien'], fr: ['nigérien'] },
  NG: { en: ['Nigerian'], fr: ['nigérian', 'nigerian'] },
  RW: { en: ['Rwandan'], fr: ['rwandais'] },
  SN: { en: ['Senegalese'], fr: ['sénégalais'] },
  SL: { en: ['Sierra Leonean'], fr: ['sierra-léonais'] },
  SO: { en: ['Somali', 'Somalian'], fr: ['somalien'] },
  ZA: {
    en: ['South African'],
    fr: ['sud-africain'],
    ar: ['الجنوب أفريقي', 'الجنوب إفريقي', 'الجنوب أفريقية', 'الجنوب إفريقية'],
  },
  SS: { en: ['South Sudanese'], fr: ['sud-soudanais'] },
  SD: { en: ['Sudanese'], fr: ['soudanais'] },
  TZ: { en: ['Tanzanian'], fr: ['tanzanien'] },
  TG: { en: ['Togolese'], fr: ['togolais'], ar: ['التوغولي', 'التوغولية'] },
  TN: { en: ['Tunisian'], fr: ['tunisien'] },
  UG: { en: ['Ugandan'], fr: ['ougandais'] },
  ZM: { en: ['Zambian'], fr: ['zambien'] },
  ZW: { en: ['Zimbabwean'], fr: ['zimbabwéen'] },
  US: {
    en: ['American'],
    fr: ['américain'],
    ar: [
      'الأمريكي',
      'الأمريكية',
      'الأميركي',
      'الأميركية',
      'الأمريكيين',
      'الأميركيين',
      'الأمريكيون',
      'أمريكي',
      'أمريكية',
      'أميركي',
      'أميركية',
    ],
  },
  GB: {
    en: ['British'],
    fr: ['britannique'],
    ar: ['البريطاني', 'البريطانية', 'البريطانيين', 'بريطاني', 'بريطانية'],
  },
  FR: { en: ['French'], fr: ['français'] },
  IT: { en: ['Italian'], fr: ['italien'] },
  DE: { en: ['German'], fr: ['allemand'] },
  ES: { en: ['Spanish'], fr: ['espagnol'] },
  PT: { en: ['Portuguese'], fr: ['portugais'] },
  BE: { en: ['Belgian'], fr: ['belge'] },
  NL: { en: ['Dutch'], fr: ['néerlandais'] },
  CH: { en: ['Swiss'], fr: ['suisse'] },
  RU: { en: ['Russian'], fr: ['russe'] },
  CN: { en: ['Chinese'], fr: ['chinois'] },
  TR: { en: ['Turkish'], fr: ['turc', 'turque'] },
  SA: { en: ['Saudi'], fr: ['saoudien'], ar: ['السعودي', 'السعوديين', 'سعودي'] },
  AE: {
    en: ['Emirati'],
    fr: ['émirati', 'émirien'],
    ar: ['الإماراتي', 'الإماراتية', 'الإماراتيين'],
  },
  QA: { en: ['Qatari'], fr: ['qatari', 'qatarien'] },
  IR: { en: ['Iranian'], fr: ['iranien'] },
  IQ: { en: ['Iraqi'], fr: ['irakien'] },
  SY: { en: ['Syrian'], fr: ['syrien'] },
  JO: { en: ['Jordanian'], fr: ['jordanien'] },
  LB: { en: ['Lebanese'], fr: ['libanais'] },
  IL: { en: ['Israeli'], fr: ['israélien'] },
  PS: { en: ['Palestinian'], fr: ['palestinien'] },
  YE: { en: ['Yemeni'], fr: ['yéménite'] },
  KW: { en: ['Kuwaiti'], fr: ['koweïtien'] },
  CA: { en: ['Canadian'], fr: ['canadien'] },
  JP: { en: ['Japanese'], fr: ['japonais'] },
  IN: { en: ['Indian'], fr: ['indien'] },
  PK: { en: ['Pakistani'], fr: ['pakistanais'] },
  AF: { en: ['Afghan'], fr: ['afghan'] },
  DK: { en: ['Danish'], fr: ['danois'] },
  SE: { en: ['Swedish'], fr: ['suédois'] },
  NO: { en: ['Norwegian'], fr: ['norvégien'] },
  PL: { en: ['Polish'], fr: ['polonais'] },
  GR: { en: ['Greek'], fr: ['grec', 'grecque'] },
  AT: { en: ['Austrian'], fr: ['autrichien'], ar: ['النمساوي', 'النمساوية'] },
  UA: { en: ['Ukrainian'], fr: ['ukrainien'] },
  AU: { en: ['Australian'], fr: ['australien'] },
  BR: { en: ['Brazilian'], fr: ['brésilien'] },
  KR: { en: ['South Korean'], fr: ['sud-coréen'] },
  OM: { en: ['Omani'], fr: ['omanais'] },
  BH: { en: ['Bahraini'], fr: ['bahreïni', 'bahreïnien'] },
};

/** French adjective forms: feminine and plurals of a masculine singular. */
export function frenchForms(masc: string): string[] {
  if (/[èé]$/.test(masc) || masc.endsWith('e')) return [masc, `${masc}s`];
  if (/(ais|ois|is)$/.test(masc)) return [masc, `${masc}e`, `${masc}es`];
  if (/(ien|éen|en)$/.test(masc)) return [masc, `${masc}s`, `${masc}ne`, `${masc}nes`];
  if (masc.endsWith('an')) return [masc, `${masc}s`, `${masc}e`, `${masc}es`];
  return [masc, `${masc}s`, `${masc}e`, `${masc}es`];
}

/**
 * Arabic adjectives of nationality (nisba) derived from the country's name: المغرب → المغربي,
 * المغربية, المغربيين; إيطاليا → الإيطالي. Only single-word names; irregular ones are listed above.
 */
export function arabicNisba(name: string): string[] {
  if (name.includes(' ')) return [];
  let stem = name.replace(/^ال/, '');
  // مالي، جيبوتي، بوروندي: the name already ends as an adjective does.
  if (/ي$/.test(stem)) stem = stem.slice(0, -1);
  else if (/يا$/.test(stem)) stem = stem.slice(0, -2);
  else if (/ا$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.length < 3) return [];
  return ['ي', 'ية', 'يين', 'يون'].flatMap((end) => [`ال${stem}${end}`, `${stem}${end}`]);
}

/** Demonyms that are also common words: "المالي"/"المالية" is "financial" as often as "Malian". */
export const AMBIGUOUS_DEMONYMS = new Set([
  'المالي',
  'المالية',
  'مالي',
  'مالية',
  'الماليين',
  'الماليون',
]);

/** Nouns after which an ambiguous demonym is a nationality (the Malian army, the Malian government). */
export const NATIONALITY_HEADS = [
  'الجيش',
  'الجنود',
  'جنود',
  'القوات',
  'قوات',
  'الحكومة',
  'حكومة',
  'السلطات',
  'الرئيس',
  'رئيس',
  'العسكري',
  'المجلس',
  'الانتقالية',
  'النظام',
  'الشعب',
  'المسلحة',
  'الأمن',
  'الأمنية',
  'الدرك',
  'الشرطة',
  'وزير',
  'الوزير',
  'الخارجية',
  'الدفاع',
  'الجيشان',
  'العاصمة',
  'المواطنين',
  'اللاجئين',
  'الحدود',
  'الأراضي',
  'الدولة',
  'المسؤولين',
  'مسؤولين',
  'المسؤول',
  'السفير',
  'البرلمان',
  'والجيش',
];

export interface CountryName {
  iso2: string;
  text: string;
  /** A nationality adjective or noun rather than the name. */
  demonym: boolean;
  capital?: boolean;
}

/** Every way of naming each country this module knows, for the phrase matcher. */
export function countryNames(): CountryName[] {
  const out: CountryName[] = [];
  const display = (['ar', 'fr', 'en'] as const).map(
    (l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }),
  );
  for (const iso2 of ISO2_CODES) {
    for (const [i, d] of display.entries()) {
      const name = d.of(iso2);
      if (!name || SKIP.has(name)) continue;
      // ICU writes "Congo - Kinshasa": the press writes the full form or the first part.
      const short = name.split(/ - |-(?=Kinshasa|Brazzaville)/)[0]!;
      out.push({ iso2, text: name, demonym: false });
      if (short !== name) out.push({ iso2, text: short, demonym: false });
      if (i === 0 && !name.includes(' - '))
        for (const nisba of arabicNisba(name)) out.push({ iso2, text: nisba, demonym: true });
    }
    for (const v of VARIANTS[iso2] ?? []) out.push({ iso2, text: v, demonym: false });
    const dem = DEMONYMS[iso2];
    if (dem) {
      for (const en of dem.en) {
        out.push({ iso2, text: en, demonym: true });
        if (!/(ese|ish|ch|ss|i)$/.test(en) && !en.includes(' '))
          out.push({ iso2, text: `${en}s`, demonym: true });
      }
      for (const fr of dem.fr)
        for (const form of frenchForms(fr))
          out.push({ iso2, text: form, demonym: true, capital: false });
      for (const ar of dem.ar ?? []) out.push({ iso2, text: ar, demonym: true });
    }
  }
  // "Congo" alone names the DRC in English and Arabic reporting; in French, the Republic of Congo.
  return out.filter((c) => !(c.iso2 === 'CG' && (c.text === 'Congo' || c.text === 'الكونغو')));
}
