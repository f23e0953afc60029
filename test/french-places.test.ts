import { describe, expect, it } from 'vitest';
import { frenchPlace } from '../web/src/frenchPlaces.ts';

/**
 * French country names take an article, contracted with « à » and « de » (« au Maroc », « du
 * Niger »), elided before a vowel (« de l’Algérie »), plural for some (« des Comores »), none for
 * others (« à Djibouti », « d’Oman »). The web app's catalogs use this helper where a member's or
 * a country's name follows a preposition.
 */
describe('French names of countries and members after à and de', () => {
  const cases: [string, string, string, string][] = [
    // name, after de, after à, as a subject
    ['Maroc', 'du Maroc', 'au Maroc', 'Le Maroc'],
    ['Niger', 'du Niger', 'au Niger', 'Le Niger'],
    ['Mauritanie', 'de la Mauritanie', 'à la Mauritanie', 'La Mauritanie'],
    ['Comores', 'des Comores', 'aux Comores', 'Les Comores'],
    ['Algérie', 'de l’Algérie', 'à l’Algérie', 'L’Algérie'],
    ['États-Unis', 'des États-Unis', 'aux États-Unis', 'Les États-Unis'],
    ['Italie', 'de l’Italie', 'à l’Italie', 'L’Italie'],
    ['Ouganda', 'de l’Ouganda', 'à l’Ouganda', 'L’Ouganda'],
    ['Tchad', 'du Tchad', 'au Tchad', 'Le Tchad'],
    ['Burkina Faso', 'du Burkina Faso', 'au Burkina Faso', 'Le Burkina Faso'],
    ['Côte d’Ivoire', 'de la Côte d’Ivoire', 'à la Côte d’Ivoire', 'La Côte d’Ivoire'],
    ['Arabie saoudite', 'de l’Arabie saoudite', 'à l’Arabie saoudite', 'L’Arabie saoudite'],
    ['Djibouti', 'de Djibouti', 'à Djibouti', 'Djibouti'],
    ['Madagascar', 'de Madagascar', 'à Madagascar', 'Madagascar'],
    ['Oman', 'd’Oman', 'à Oman', 'Oman'],
    ['Israël', 'd’Israël', 'à Israël', 'Israël'],
    ['Yémen', 'du Yémen', 'au Yémen', 'Le Yémen'],
    ['Honduras', 'du Honduras', 'au Honduras', 'Le Honduras'],
    [
      'Émirats arabes unis',
      'des Émirats arabes unis',
      'aux Émirats arabes unis',
      'Les Émirats arabes unis',
    ],
    ['Nigeria', 'du Nigeria', 'au Nigeria', 'Le Nigeria'],
    [
      'République démocratique du Congo',
      'de la République démocratique du Congo',
      'à la République démocratique du Congo',
      'La République démocratique du Congo',
    ],
  ];
  it.each(cases)('%s', (name, de, a, subject) => {
    expect(frenchPlace(name, 'de')).toBe(de);
    expect(frenchPlace(name, 'à')).toBe(a);
    expect(frenchPlace(name, 'Le')).toBe(subject);
    // Mid-sentence the article is lower-case; a name without one stays as it is.
    const lower = subject === name ? name : subject[0]!.toLowerCase() + subject.slice(1);
    expect(frenchPlace(name, 'le')).toBe(lower);
  });

  it('names written without accents or with a straight apostrophe are still known', () => {
    expect(frenchPlace('Etats-Unis', 'de')).toBe('des Etats-Unis');
    expect(frenchPlace("Cote d'Ivoire", 'à')).toBe("à la Cote d'Ivoire");
  });

  it('the ISO code decides when the name is not one we know', () => {
    expect(frenchPlace('Royaume du Maroc', 'de', 'MA')).toBe('du Royaume du Maroc');
    expect(frenchPlace('Mauritanie', 'à', 'MR')).toBe('à la Mauritanie');
  });

  it('a name that carries its article keeps it, contracted', () => {
    expect(frenchPlace('Le Niger', 'de')).toBe('du Niger');
    expect(frenchPlace('la Mauritanie', 'à')).toBe('à la Mauritanie');
    expect(frenchPlace('Les Comores', 'à')).toBe('aux Comores');
    expect(frenchPlace('L’Algérie', 'de')).toBe('de l’Algérie');
  });

  it('organisations by the noun their name starts with; acronyms without an article', () => {
    const unoct = 'Bureau des Nations Unies de lutte contre le terrorisme';
    expect(frenchPlace(unoct, 'de')).toBe(`du ${unoct}`);
    expect(frenchPlace(unoct, 'le')).toBe(`le ${unoct}`);
    expect(frenchPlace('Union africaine', 'de')).toBe('de l’Union africaine');
    expect(frenchPlace('Commission de la CEDEAO', 'à')).toBe('à la Commission de la CEDEAO');
    expect(frenchPlace('INTERPOL', 'de')).toBe('d’INTERPOL');
    expect(frenchPlace('AFRIPOL', 'à')).toBe('à AFRIPOL');
  });
});
