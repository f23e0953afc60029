// French puts an article before most country names and contracts it with à and de: « au Maroc »,
// « du Niger », « de la Mauritanie », « de l’Algérie », « des Comores », « aux États-Unis », but
// « à Djibouti », « d’Oman ». The catalogs write `{member|de}` or `{country|à}` where a name follows
// a preposition, and `translate` asks this module. No imports: the Node tests read it as it is.

/** m: le, f: la, p: les, 0: no article (Djibouti, Madagascar, Israël…). */
type Article = 'm' | 'f' | 'p' | '0';

/** The article of each country's French name, by ISO 3166-1 alpha-2 code (`code:article`). */
const COUNTRIES: Record<string, Article> = Object.fromEntries(
  [
    // Africa
    'DZ:f AO:m BJ:m BW:m BF:m BI:m CV:m CM:m CF:f TD:m KM:p CG:m CD:m CI:f DJ:0 EG:f GQ:f',
    'ER:f SZ:m ET:f GA:m GM:f GH:m GN:f GW:f KE:m LS:m LR:m LY:f MG:0 MW:m ML:m MR:f MU:0',
    'MA:m MZ:m NA:f NE:m NG:m RW:m ST:0 SN:m SC:p SL:f SO:f ZA:f SS:m SD:m TZ:f TG:m TN:f',
    'UG:m ZM:f ZW:m EH:m',
    // Europe
    'AL:f AD:f AT:f BY:f BE:f BA:f BG:f HR:f CY:0 CZ:f DK:m EE:f FI:f FR:f DE:f GR:f HU:f',
    'IS:f IE:f IT:f XK:m LV:f LI:m LT:f LU:m MT:0 MD:f MC:0 ME:m NL:p MK:f NO:f PL:f PT:m',
    'RO:f RU:f SM:0 RS:f SK:f SI:f ES:f SE:f CH:f UA:f GB:m',
    // Asia and the Middle East
    'AF:m AM:f AZ:m BH:0 BD:m BT:m BN:0 KH:m CN:f GE:f IN:f ID:f IR:m IQ:m IL:0 JP:m JO:f',
    'KZ:m KW:m KG:m LA:m LB:m MY:f MV:p MN:f MM:m NP:m KP:f KR:f OM:0 PK:m PS:p PH:p QA:m',
    'SA:f SG:0 LK:m SY:f TW:0 TJ:m TH:f TL:m TR:f TM:m AE:p UZ:m VN:m YE:m',
    // The Americas and Oceania
    'AR:f BS:p BB:f BZ:m BO:f BR:m CA:m CL:m CO:f CR:m CU:0 DO:f EC:m SV:m GT:m HT:0 HN:m',
    'JM:f MX:m NI:m PA:m PY:m PE:m SR:m TT:0 US:p UY:m VE:m AU:f NZ:f FJ:p PG:f',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => pair.split(':') as [string, Article]),
);

/** Names written otherwise than ICU writes them (which `Intl.DisplayNames` gives). */
const OTHER_NAMES: Record<string, Article> = {
  Nigéria: 'm',
  Libéria: 'm',
  Congo: 'm',
  'République du Congo': 'f',
  'République démocratique du Congo': 'f',
  Birmanie: 'f',
  Myanmar: 'm',
  'République tchèque': 'f',
  Bélarus: 'm',
  Palestine: 'f',
  'Cabo Verde': 'm',
  'Timor-Leste': 'm',
  Vietnam: 'm',
  'Sahara occidental': 'm',
};

/**
 * Members that are not states, by the noun their name starts with (« le Bureau des Nations Unies
 * de lutte contre le terrorisme », « l’Union africaine », « la Commission… »).
 */
const HEAD_NOUNS: Record<string, Article> = {
  agence: 'f',
  alliance: 'f',
  autorité: 'f',
  banque: 'f',
  bureau: 'm',
  centre: 'm',
  coalition: 'f',
  comité: 'm',
  commission: 'f',
  communauté: 'f',
  conseil: 'm',
  cour: 'f',
  direction: 'f',
  fondation: 'f',
  fonds: 'm',
  force: 'f',
  forces: 'p',
  forum: 'm',
  groupe: 'm',
  'haut-commissariat': 'm',
  institut: 'm',
  ligue: 'f',
  ministère: 'm',
  mission: 'f',
  nations: 'p',
  office: 'm',
  organisation: 'f',
  programme: 'm',
  réseau: 'm',
  secrétariat: 'm',
  service: 'm',
  union: 'f',
};

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

let byName: Map<string, Article> | null = null;
let byHead: Map<string, Article> | null = null;

const heads = () =>
  (byHead ??= new Map(Object.entries(HEAD_NOUNS).map(([noun, article]) => [fold(noun), article])));

/** Every name we know, folded: ICU's French name of each country, then the other spellings. */
function names(): Map<string, Article> {
  if (byName) return byName;
  byName = new Map();
  const display = new Intl.DisplayNames(['fr'], { type: 'region' });
  for (const [code, article] of Object.entries(COUNTRIES)) {
    const name = display.of(code);
    if (name && name !== code) byName.set(fold(name), article);
  }
  for (const [name, article] of Object.entries(OTHER_NAMES)) byName.set(fold(name), article);
  return byName;
}

/** Vowels elide « le », « la » and « de »; an aspirated h or a y does not (le Honduras, le Yémen). */
const elides = (name: string) => /^[aeiouâàéèêëîïôöûüœæ]/i.test(name) || /^haïti\b/i.test(name);

/** The article a French name takes, and the name without an article it may already carry. */
export function frenchArticle(
  name: string,
  iso2?: string | null,
): { article: Article; bare: string } {
  const written = /^(l['’]|le |la |les )(.+)$/i.exec(name.trim());
  if (written) {
    const lead = written[1]!.toLowerCase();
    const bare = written[2]!;
    const article: Article =
      lead === 'les '
        ? 'p'
        : lead === 'la '
          ? 'f'
          : lead === 'le '
            ? 'm'
            : (names().get(fold(bare)) ?? 'm');
    return { article, bare };
  }
  const code = iso2?.toUpperCase();
  const known = (code && COUNTRIES[code]) ?? names().get(fold(name));
  if (known) return { article: known, bare: name.trim() };
  const head = fold(name).split(/[ ,(]/)[0] ?? '';
  // Acronyms (INTERPOL, UNOCT) and names we do not know take no article.
  return { article: heads().get(head) ?? '0', bare: name.trim() };
}

export type FrenchForm = 'le' | 'Le' | 'de' | 'à';

/**
 * A name with its article as French writes it after nothing (`le`, `Le` at the start of a
 * sentence), after « de » (`de`: du, de la, de l’, des, d’) or after « à » (`à`: au, à la, à l’,
 * aux).
 */
export function frenchPlace(name: string, form: FrenchForm, iso2?: string | null): string {
  const { article, bare } = frenchArticle(name, iso2);
  const vowel = elides(bare);
  const le =
    article === 'p'
      ? 'les '
      : article === '0'
        ? ''
        : vowel
          ? 'l’'
          : article === 'm'
            ? 'le '
            : 'la ';
  switch (form) {
    case 'le':
      return le + bare;
    case 'Le':
      return le ? le[0]!.toUpperCase() + le.slice(1) + bare : bare;
    case 'de':
      if (article === 'p') return `des ${bare}`;
      if (article === 'm' && !vowel) return `du ${bare}`;
      if (article === '0') return vowel ? `d’${bare}` : `de ${bare}`;
      return `de ${le}${bare}`;
    case 'à':
      if (article === 'p') return `aux ${bare}`;
      if (article === 'm' && !vowel) return `au ${bare}`;
      return `à ${le}${bare}`;
  }
}

export const FRENCH_FORMS: readonly FrenchForm[] = ['le', 'Le', 'de', 'à'];
