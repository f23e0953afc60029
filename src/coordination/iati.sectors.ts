/**
 * OECD DAC sector codes onto the group's domains. IATI sector vocabulary 1 is the DAC 5-digit
 * purpose code list (CRS), vocabulary 2 the 3-digit categories; the codes themselves are always
 * kept beside the domains they map to. Codes with no counter-terrorism reading map to nothing
 * (the project then sits under `other`).
 */
const DAC5: Record<string, string[]> = {
  '15113': ['criminal_justice'], // Anti-corruption organisations and institutions
  '15130': ['criminal_justice', 'legal_frameworks'], // Legal and judicial development
  '15131': ['criminal_justice'], // Justice, law and order policy, planning and administration
  '15132': ['law_enforcement'], // Police
  '15134': ['criminal_justice'], // Judicial affairs
  '15136': ['border_security'], // Immigration
  '15137': ['rehabilitation'], // Prisons
  '15153': ['online_content'], // Media and free flow of information
  '15190': ['border_security'], // Safe, orderly and regular migration and mobility
  '15210': ['law_enforcement'], // Security system management and reform
  '15220': ['violent_extremism'], // Civilian peace-building, conflict prevention and resolution
  '15240': ['rehabilitation'], // Reintegration and SALW control
  '15261': ['rehabilitation'], // Child soldiers (prevention and demobilisation)
  '21040': ['aviation_maritime'], // Water transport
  '21050': ['aviation_maritime'], // Air transport
  '22040': ['information_sharing'], // Information and communication technology
  '24010': ['terrorist_financing'], // Financial policy and administrative management
  '33120': ['border_security'], // Trade facilitation (customs)
};

const DAC3: Record<string, string[]> = {
  '152': ['law_enforcement'], // Conflict, peace and security
};

/**
 * Publishers' own vocabularies (98, 99) have no shared codes: their narratives are read for the
 * words of each domain, in English, French and Arabic.
 */
const KEYWORDS: [RegExp, string][] = [
  [/border|frontier|fronti[eè]re|customs|douane|حدود|جمارك/i, 'border_security'],
  [
    /financ\w* (of )?terror|terror\w* financ|financement du terrorisme|money.laundering|blanchiment|\bAML\b|\bCFT\b|تمويل الإرهاب/i,
    'terrorist_financing',
  ],
  [/justice|judicia|prosecut|poursuite|tribunal|court|قضاء|عدالة|نيابة/i, 'criminal_justice'],
  [/extremis|radicali|\bP?CVE\b|\bPVE\b|تطرف/i, 'violent_extremism'],
  [
    /reintegrat|r[ée]insertion|r[ée]int[ée]gration|rehabilit|r[ée]habilit|d[ée]sengagement|\bDDR\b|إدماج|تأهيل/i,
    'rehabilitation',
  ],
  [/police|law enforcement|investigat|enqu[êe]te|gendarmerie|شرطة|تحقيق/i, 'law_enforcement'],
  [
    /information.sharing|intelligence|renseignement|partage d.informations?|تبادل المعلومات/i,
    'information_sharing',
  ],
  [
    /aviation|airport|a[ée]roport|a[ée]rien|maritime|port security|طيران|بحري/i,
    'aviation_maritime',
  ],
  [/legislat|legal framework|cadre juridique|l[ée]gislati|تشريع/i, 'legal_frameworks'],
  [/internet|online|en ligne|social media|r[ée]seaux sociaux|الإنترنت/i, 'online_content'],
  [/victim|victime|ضحايا/i, 'victims_support'],
];

export interface SectorCode {
  vocabulary: string;
  code: string;
  narrative: string | null;
}

/** Our own domains, exported as a publisher vocabulary with this URI (and read back from it). */
export const DOMAIN_VOCABULARY_URI = 'urn:tansiq:coordination-domains';

/** The domains a sector code maps onto (possibly none). `known` are the domain keys in use. */
export function domainsOfSector(sector: SectorCode, known: Set<string>): string[] {
  const vocab = sector.vocabulary;
  let found: string[] = [];
  if (vocab === '1') found = DAC5[sector.code] ?? [];
  else if (vocab === '2') found = DAC3[sector.code] ?? [];
  else if (vocab === '98' || vocab === '99') {
    if (known.has(sector.code)) return [sector.code];
    const text = `${sector.code} ${sector.narrative ?? ''}`;
    found = KEYWORDS.filter(([pattern]) => pattern.test(text)).map(([, domain]) => domain);
  }
  return found.filter((d) => known.has(d));
}

/** IATI 1.0x spelled sector vocabularies as words; 2.0x uses codes. */
export function normaliseSectorVocabulary(value: string | undefined): string {
  switch ((value ?? '').trim().toUpperCase()) {
    case '':
    case 'DAC':
      return '1';
    case 'DAC-3':
      return '2';
    case 'RO':
      return '99';
    case 'RO2':
      return '98';
    default:
      return value!.trim();
  }
}
