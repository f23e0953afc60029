/**
 * How a picker matches a name typed in any of the three languages: lower case, no diacritics
 * (French accents, Arabic short vowels), tatweel dropped, and the Arabic letter variants people
 * type interchangeably (hamza on alef, alef maqsura, taa marbuta) folded. Full search, with its
 * stemming and spelling rules, is the search wing's; a picker only needs a name to be found.
 */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .toLowerCase()
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[’'`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
