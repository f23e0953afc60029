/**
 * Numbers written in words, in the three languages, up to the hundreds the press writes out
 * ("سبعة", "sept", "fifteen", "une vingtaine"). Approximate words ("dozens", "عشرات") have no value.
 */
const UNITS: [number, string[]][] = [
  [1, ['one', 'a', 'an', 'un', 'une', 'واحد', 'واحدة']],
  [2, ['two', 'deux', 'اثنان', 'اثنين', 'اثنتان', 'اثنتين', 'إثنين', 'إثنان']],
  [3, ['three', 'trois', 'ثلاثة', 'ثلاث']],
  [4, ['four', 'quatre', 'أربعة', 'أربع', 'اربعة', 'اربع']],
  [5, ['five', 'cinq', 'خمسة', 'خمس']],
  [6, ['six', 'ستة', 'ست']],
  [7, ['seven', 'sept', 'سبعة', 'سبع']],
  [8, ['eight', 'huit', 'ثمانية', 'ثماني', 'ثمان']],
  [9, ['nine', 'neuf', 'تسعة', 'تسع']],
  [10, ['ten', 'dix', 'عشرة', 'عشر']],
  [11, ['eleven', 'onze', 'أحد عشر', 'احد عشر', 'إحدى عشرة']],
  [12, ['twelve', 'douze', 'اثنا عشر', 'اثني عشر', 'اثنتا عشرة', 'اثنتي عشرة']],
  [13, ['thirteen', 'treize', 'ثلاثة عشر', 'ثلاث عشرة']],
  [14, ['fourteen', 'quatorze', 'أربعة عشر', 'أربع عشرة']],
  [15, ['fifteen', 'quinze', 'خمسة عشر', 'خمس عشرة']],
  [16, ['sixteen', 'seize', 'ستة عشر', 'ست عشرة']],
  [17, ['seventeen', 'dix-sept', 'سبعة عشر', 'سبع عشرة']],
  [18, ['eighteen', 'dix-huit', 'ثمانية عشر', 'ثماني عشرة']],
  [19, ['nineteen', 'dix-neuf', 'تسعة عشر', 'تسع عشرة']],
  [20, ['twenty', 'vingt', 'عشرون', 'عشرين']],
  [30, ['thirty', 'trente', 'ثلاثون', 'ثلاثين']],
  [40, ['forty', 'quarante', 'أربعون', 'أربعين']],
  [50, ['fifty', 'cinquante', 'خمسون', 'خمسين']],
  [60, ['sixty', 'soixante', 'ستون', 'ستين']],
  [70, ['seventy', 'soixante-dix', 'سبعون', 'سبعين']],
  [80, ['eighty', 'quatre-vingts', 'quatre-vingt', 'ثمانون', 'ثمانين']],
  [90, ['ninety', 'quatre-vingt-dix', 'تسعون', 'تسعين']],
  [100, ['hundred', 'a hundred', 'one hundred', 'cent', 'مائة', 'مئة']],
  [200, ['two hundred', 'deux cents', 'مائتان', 'مائتين', 'مئتان', 'مئتين']],
  [1000, ['thousand', 'one thousand', 'a thousand', 'mille', 'ألف']],
];

/** French "une dizaine", "une vingtaine": about N, counted as N (ACLED's practice for estimates). */
const ABOUT: [number, string[]][] = [
  [10, ['dizaine', 'une dizaine']],
  [12, ['douzaine', 'une douzaine', 'a dozen']],
  [15, ['quinzaine', 'une quinzaine']],
  [20, ['vingtaine', 'une vingtaine']],
  [30, ['trentaine', 'une trentaine']],
  [40, ['quarantaine', 'une quarantaine']],
  [50, ['cinquantaine', 'une cinquantaine']],
  [100, ['centaine', 'une centaine']],
];

export const NUMBER_WORDS: [number, string][] = [...UNITS, ...ABOUT].flatMap(([n, words]) =>
  words.map((w) => [n, w] as [number, string]),
);

/** Arabic tens follow the unit with "و": "خمسة وعشرون" (25). English and French join with a hyphen. */
export const TENS = new Map<string, number>(
  UNITS.filter(([n]) => n >= 20 && n < 100).flatMap(([n, words]) =>
    words.map((w) => [w, n] as [string, number]),
  ),
);

/** Words that stand for "a" in "a dozen" but are never a count alone. */
export const WEAK_ONE = new Set(['a', 'an', 'un', 'une']);

/**
 * Arabic dual nouns of people ("جنديين", two soldiers): a count of two with no number written.
 * Only forms that cannot also be plurals ("مدنيين" is "two civilians" or "civilians").
 */
export const ARABIC_DUALS = new Set([
  'جنديين',
  'جنديان',
  'شخصين',
  'شخصان',
  'طفلين',
  'طفلان',
  'رجلين',
  'رجلان',
  'امراتين',
  'امراتان',
  'مدنيان',
  'عسكريان',
  'شرطيان',
  'مسلحان',
  'جريحين',
  'جريحان',
  'قتيلين',
  'قتيلان',
]);
