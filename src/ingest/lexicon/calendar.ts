/**
 * Month and weekday names in the three languages. Arabic has four sets of month names in use: the
 * Egyptian (يناير … سبتمبر …, also in the Gulf), the Maghrebi of Morocco (ماي يوليوز غشت شتنبر نونبر
 * دجنبر), the Algerian and Tunisian (جانفي فيفري أفريل جوان جويلية أوت) and the Levantine Syriac ones
 * (كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين …).
 */
export const MONTHS: Record<number, string[]> = {
  1: ['January', 'Jan', 'janvier', 'janv', 'يناير', 'جانفي', 'كانون الثاني', 'كانون ثاني', 'ينايِر'],
  2: ['February', 'Feb', 'février', 'fevrier', 'févr', 'فبراير', 'فيفري', 'شباط'],
  3: ['March', 'Mar', 'mars', 'مارس', 'آذار'],
  4: ['April', 'Apr', 'avril', 'أبريل', 'ابريل', 'إبريل', 'أفريل', 'نيسان'],
  5: ['May', 'mai', 'مايو', 'ماي', 'أيار'],
  6: ['June', 'Jun', 'juin', 'يونيو', 'يونيه', 'جوان', 'حزيران'],
  7: ['July', 'Jul', 'juillet', 'juil', 'يوليو', 'يوليه', 'يوليوز', 'جويلية', 'تموز'],
  8: ['August', 'Aug', 'août', 'aout', 'أغسطس', 'اغسطس', 'غشت', 'أوت', 'آب'],
  9: ['September', 'Sept', 'Sep', 'septembre', 'سبتمبر', 'شتنبر', 'أيلول'],
  10: ['October', 'Oct', 'octobre', 'أكتوبر', 'اكتوبر', 'تشرين الأول', 'تشرين أول'],
  11: ['November', 'Nov', 'novembre', 'نوفمبر', 'نونبر', 'تشرين الثاني', 'تشرين ثاني'],
  12: [
    'December',
    'Dec',
    'décembre',
    'decembre',
    'déc',
    'ديسمبر',
    'دجنبر',
    'كانون الأول',
    'كانون أول',
  ],
};

/** Weekdays, 0 = Sunday as in `Date#getUTCDay`. */
export const WEEKDAYS: Record<number, string[]> = {
  0: ['Sunday', 'dimanche', 'الأحد'],
  1: ['Monday', 'lundi', 'الاثنين', 'الإثنين'],
  2: ['Tuesday', 'mardi', 'الثلاثاء'],
  3: ['Wednesday', 'mercredi', 'الأربعاء'],
  4: ['Thursday', 'jeudi', 'الخميس'],
  5: ['Friday', 'vendredi', 'الجمعة'],
  6: ['Saturday', 'samedi', 'السبت'],
};

/** Weekday names that are also common words ("الاثنين" is "the two"): a weekday only beside "يوم" etc. */
export const AMBIGUOUS_WEEKDAYS = new Set(['الاثنين', 'الأحد']);

/** Short English month names are also words ("May", "Mar"): they count only beside a day or year. */
export const SHORT_MONTHS = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'may',
  'mai',
  'janv',
  'juil',
  'dec',
  'fevr',
  'ماي',
]);
