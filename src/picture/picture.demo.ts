import type { Db } from '../db/index.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { groupBySlug, memberByCode } from '../members/members.repository.ts';
import { systemActor } from '../policy/viewer.ts';
import type { Audience } from '../policy/sharing.ts';
import type { EventType, IncidentFacts } from '../stix/extensions.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../stix/tlp.ts';
import { uuidV5 } from './events.import.ts';
import { incidentObject, publishIncidentExtension } from './incidents.service.ts';

/**
 * The threat picture of the demo coalition. The eight groups are real, with their public names in
 * three languages and public facts only. Every incident is EXERCISE DATA: invented events at real
 * places (plausible in where, when and how often, not in what), labelled `exercise` and named
 * "[EXERCISE]". Deterministic: the same seed gives the same incidents.
 */

type Lang3<T> = { ar: T; fr: T; en: T };
interface DemoGroup {
  key: string;
  names: Lang3<string>;
  aliases: Lang3<string[]>;
  description: Lang3<string>;
}

const GROUPS: DemoGroup[] = [
  {
    key: 'iswap',
    names: {
      ar: 'ولاية غرب إفريقيا (تنظيم الدولة الإسلامية)',
      fr: 'État islamique en Afrique de l’Ouest (EIAO)',
      en: 'Islamic State West Africa Province (ISWAP)',
    },
    aliases: {
      ar: ['ولاية غرب أفريقيا', 'داعش غرب إفريقيا'],
      fr: ['EIAO', 'État islamique – province d’Afrique de l’Ouest'],
      en: [
        'ISWAP',
        'Islamic State West Africa Province',
        'Islamic State (West Africa)',
        'IS',
        'Islamic State',
      ],
    },
    description: {
      ar: 'انشقت عن جماعة بوكو حرام سنة 2016؛ تنشط حول بحيرة تشاد (شمال شرق نيجيريا، منطقة ديفا في النيجر، إقليم البحيرة في تشاد، أقصى شمال الكاميرون).',
      fr: 'Issu en 2016 d’une scission de Boko Haram (JAS) ; actif autour du lac Tchad (nord-est du Nigeria, région de Diffa au Niger, province du Lac au Tchad, Extrême-Nord du Cameroun).',
      en: 'Split from Boko Haram (JAS) in 2016; active around Lake Chad (north-east Nigeria, Niger’s Diffa region, Chad’s Lac province, Cameroon’s Far North).',
    },
  },
  {
    key: 'is-sahel',
    names: {
      ar: 'ولاية الساحل (تنظيم الدولة الإسلامية)',
      fr: 'État islamique au Sahel (EIS)',
      en: 'Islamic State Sahel Province (IS Sahel)',
    },
    aliases: {
      ar: ['تنظيم الدولة الإسلامية في الصحراء الكبرى', 'داعش الساحل'],
      fr: ['EIS', 'EIGS', 'État islamique dans le Grand Sahara'],
      en: [
        'ISSP',
        'IS Sahel',
        'ISGS',
        'Islamic State in the Greater Sahara',
        'Islamic State (Greater Sahara)',
        'Islamic State Sahel Province',
        'IS',
        'Islamic State',
      ],
    },
    description: {
      ar: 'عُرفت سابقا باسم تنظيم الدولة الإسلامية في الصحراء الكبرى؛ تنشط في منطقة ليبتاكو-غورما على حدود مالي والنيجر وبوركينا فاسو، وأصبحت ولاية مستقلة منذ 2022.',
      fr: 'Anciennement État islamique dans le Grand Sahara ; actif dans le Liptako-Gourma, aux confins du Mali, du Niger et du Burkina Faso ; province à part entière depuis 2022.',
      en: 'Formerly the Islamic State in the Greater Sahara; active in the Liptako-Gourma border area of Mali, Niger and Burkina Faso; a province of its own since 2022.',
    },
  },
  {
    key: 'jnim',
    names: {
      ar: 'جماعة نصرة الإسلام والمسلمين',
      fr: 'Groupe de soutien à l’islam et aux musulmans (GSIM)',
      en: 'Jama’at Nusrat al-Islam wal-Muslimin (JNIM)',
    },
    aliases: {
      ar: ['نصرة الإسلام والمسلمين'],
      fr: ['GSIM', 'JNIM'],
      en: ['JNIM', 'Group for Support of Islam and Muslims', 'Jamaat Nusrat al-Islam wal-Muslimin'],
    },
    description: {
      ar: 'تأسست سنة 2017 من اندماج أنصار الدين والمرابطون وكتيبة ماسينا وفرع الصحراء لتنظيم القاعدة في بلاد المغرب الإسلامي؛ فرع تنظيم القاعدة في الساحل.',
      fr: 'Formé en 2017 par la fusion d’Ansar Dine, d’al-Mourabitoune, de la katiba Macina et de la branche saharienne d’AQMI ; affilié à al-Qaïda au Sahel.',
      en: 'Formed in 2017 from Ansar Dine, al-Mourabitoun, Katiba Macina and AQIM’s Saharan branch; al-Qaeda’s affiliate in the Sahel.',
    },
  },
  {
    key: 'jas',
    names: {
      ar: 'جماعة أهل السنة للدعوة والجهاد (بوكو حرام)',
      fr: 'Boko Haram (JAS)',
      en: 'Boko Haram (JAS)',
    },
    aliases: {
      ar: ['بوكو حرام', 'جماعة أهل السنة للدعوة والجهاد'],
      fr: ['JAS', 'Boko Haram'],
      en: [
        'Boko Haram',
        'JAS',
        'Jama’atu Ahlis Sunna Lidda’awati wal-Jihad',
        'Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad',
      ],
    },
    description: {
      ar: 'تنشط في شمال شرق نيجيريا وحول بحيرة تشاد منذ 2009.',
      fr: 'Actif dans le nord-est du Nigeria et autour du lac Tchad depuis 2009.',
      en: 'Active in north-east Nigeria and around Lake Chad since 2009.',
    },
  },
  {
    key: 'al-shabaab',
    names: { ar: 'حركة الشباب المجاهدين', fr: 'Al-Chabab', en: 'al-Shabaab' },
    aliases: {
      ar: ['الشباب', 'حركة الشباب'],
      fr: ['Al-Chabab', 'Shebab', 'Harakat al-Chabab al-Moudjahidin'],
      en: ['Al Shabaab', 'Al-Shabaab', 'Harakat al-Shabaab al-Mujahideen', 'HSM'],
    },
    description: {
      ar: 'فرع تنظيم القاعدة في الصومال؛ ينفذ أيضا هجمات في كينيا.',
      fr: 'Affilié à al-Qaïda en Somalie ; frappe aussi au Kenya.',
      en: 'Al-Qaeda’s affiliate in Somalia; also attacks in Kenya.',
    },
  },
  {
    key: 'is-mozambique',
    names: {
      ar: 'ولاية موزمبيق (تنظيم الدولة الإسلامية)',
      fr: 'État islamique au Mozambique',
      en: 'Islamic State Mozambique Province (IS Mozambique)',
    },
    aliases: {
      ar: ['أنصار السنة', 'ولاية موزمبيق'],
      fr: ['Ansar al-Sunna', 'EI Mozambique'],
      en: [
        'ISM',
        'IS Mozambique',
        'Islamic State (Mozambique)',
        'Islamic State Mozambique Province',
        'Ahlu Sunnah Wa-Jama',
        'Ansar al-Sunna',
        'IS',
        'Islamic State',
      ],
    },
    description: {
      ar: 'تمرد في إقليم كابو ديلغادو منذ 2017، يُعرف محليا باسم الشباب أو أنصار السنة؛ ولاية مستقلة منذ 2022.',
      fr: 'Insurrection dans la province de Cabo Delgado depuis 2017, connue localement sous le nom d’al-Chabab ou Ansar al-Sunna ; province à part entière depuis 2022.',
      en: 'Insurgency in Cabo Delgado since 2017, known locally as al-Shabaab or Ansar al-Sunna; a province of its own since 2022.',
    },
  },
  {
    key: 'adf',
    names: {
      ar: 'القوات الديمقراطية المتحالفة (ولاية وسط إفريقيا)',
      fr: 'Forces démocratiques alliées (ADF)',
      en: 'Allied Democratic Forces (ADF/ISCAP)',
    },
    aliases: {
      ar: ['ولاية وسط أفريقيا', 'القوات الديمقراطية المتحالفة'],
      fr: ['ADF', 'État islamique en Afrique centrale'],
      en: [
        'ADF',
        'ISCAP',
        'Allied Democratic Forces',
        'Islamic State Central Africa Province',
        'IS',
        'Islamic State',
      ],
    },
    description: {
      ar: 'جماعة أوغندية الأصل تنشط في شرق جمهورية الكونغو الديمقراطية (شمال كيفو وإيتوري)، بايعت تنظيم الدولة الإسلامية.',
      fr: 'Groupe d’origine ougandaise actif dans l’est de la RD Congo (Nord-Kivu, Ituri), ayant prêté allégeance à l’État islamique.',
      en: 'Of Ugandan origin, active in eastern DR Congo (North Kivu, Ituri); pledged allegiance to Islamic State.',
    },
  },
  {
    key: 'aqim',
    names: {
      ar: 'تنظيم القاعدة في بلاد المغرب الإسلامي',
      fr: 'Al-Qaïda au Maghreb islamique (AQMI)',
      en: 'Al-Qaeda in the Islamic Maghreb (AQIM)',
    },
    aliases: {
      ar: ['القاعدة في المغرب الإسلامي'],
      fr: ['AQMI'],
      en: ['AQIM', 'Al Qaeda in the Islamic Maghreb'],
    },
    description: {
      ar: 'خلف الجماعة السلفية للدعوة والقتال الجزائرية سنة 2007؛ ينشط في الجزائر والساحل.',
      fr: 'Successeur en 2007 du GSPC algérien ; actif en Algérie et au Sahel.',
      en: 'Successor in 2007 of the Algerian GSPC; active in Algeria and the Sahel.',
    },
  },
];

/**
 * The demo's ids derive from the installation's working group (a random id): stable within one
 * installation, different on another, so two demo installations federate without colliding.
 */
function demoId(seed: string, type: string, name: string): string {
  return `${type}--${uuidV5(`demo:${seed}:${name}`)}`;
}

async function demoSeed(db: Db, groupSlug: string): Promise<string> {
  const group = await groupBySlug(db, groupSlug);
  if (!group) throw new Error(`demo picture: no working group ${groupSlug}`);
  return group.id;
}

/** The demo groups' ids on this installation, by key (`iswap`, `jnim`, `al-shabaab` …). */
export async function demoGroupIds(db: Db, groupSlug: string): Promise<Record<string, string>> {
  const seed = await demoSeed(db, groupSlug);
  return Object.fromEntries(
    GROUPS.map((g) => [g.key, demoId(seed, 'intrusion-set', `group:${g.key}`)]),
  );
}

const RELATED: [string, string, string][] = [
  ['iswap', 'jas', 'ISWAP split from JAS in 2016.'],
  [
    'is-sahel',
    'iswap',
    'Presented by Islamic State as part of its West Africa Province until 2022.',
  ],
  [
    'jnim',
    'aqim',
    'JNIM is al-Qaeda’s affiliate in the Sahel; AQIM’s Saharan branch joined it in 2017.',
  ],
  [
    'is-mozambique',
    'adf',
    'Presented together by Islamic State as its Central Africa Province until 2022.',
  ],
];

type Place = [location: string, admin1: string, latitude: number, longitude: number];
interface Theatre {
  country: string;
  places: Place[];
  groups: [string | null, number][];
  types: [EventType, number, string[]][];
  owners: string[];
  weight: number;
}

const THEATRES: Theatre[] = [
  {
    country: 'ML',
    places: [
      ['Mopti', 'Mopti', 14.49, -4.19],
      ['Djenné', 'Mopti', 13.906, -4.553],
      ['Bandiagara', 'Mopti', 14.35, -3.61],
      ['Boni', 'Mopti', 15.08, -1.82],
      ['Ségou', 'Ségou', 13.43, -6.26],
      ['Niono', 'Ségou', 14.25, -5.99],
      ['Gao', 'Gao', 16.27, -0.04],
      ['Ansongo', 'Gao', 15.66, 0.5],
      ['Ménaka', 'Ménaka', 15.92, 2.4],
      ['Tombouctou', 'Tombouctou', 16.77, -3.01],
    ],
    groups: [
      ['jnim', 55],
      ['is-sahel', 32],
      ['aqim', 3],
      [null, 10],
    ],
    types: SAHEL_TYPES(),
    owners: ['NE', 'MA', 'US', 'FR'],
    weight: 85,
  },
  {
    country: 'BF',
    places: [
      ['Djibo', 'Sahel', 14.1, -1.63],
      ['Dori', 'Sahel', 14.03, -0.03],
      ['Arbinda', 'Sahel', 14.23, -0.87],
      ['Gorom-Gorom', 'Sahel', 14.44, -0.23],
      ['Fada N’Gourma', 'Est', 12.06, 0.36],
      ['Diapaga', 'Est', 12.07, 1.79],
      ['Ouahigouya', 'Nord', 13.58, -2.42],
      ['Kaya', 'Centre-Nord', 13.09, -1.08],
      ['Barsalogho', 'Centre-Nord', 13.42, -1.06],
    ],
    groups: [
      ['jnim', 62],
      ['is-sahel', 28],
      [null, 10],
    ],
    types: SAHEL_TYPES(),
    owners: ['BF', 'BF', 'NE', 'US'],
    weight: 90,
  },
  {
    country: 'NE',
    places: [
      ['Tillabéri', 'Tillabéri', 14.21, 1.45],
      ['Ayorou', 'Tillabéri', 14.73, 0.92],
      ['Ouallam', 'Tillabéri', 14.32, 2.09],
      ['Téra', 'Tillabéri', 14.01, 0.75],
      ['Abala', 'Tillabéri', 14.93, 3.43],
      ['Tahoua', 'Tahoua', 14.89, 5.26],
      ['Tillia', 'Tahoua', 16.13, 4.79],
    ],
    groups: [
      ['is-sahel', 55],
      ['jnim', 35],
      [null, 10],
    ],
    types: SAHEL_TYPES(),
    owners: ['NE', 'NE', 'NE', 'US'],
    weight: 60,
  },
  {
    country: 'NG',
    places: [
      ['Maiduguri', 'Borno', 11.85, 13.16],
      ['Bama', 'Borno', 11.52, 13.69],
      ['Gwoza', 'Borno', 11.09, 13.69],
      ['Monguno', 'Borno', 12.67, 13.61],
      ['Dikwa', 'Borno', 12.03, 13.92],
      ['Konduga', 'Borno', 11.65, 13.42],
      ['Damboa', 'Borno', 11.16, 12.76],
      ['Damaturu', 'Yobe', 11.75, 11.96],
      ['Geidam', 'Yobe', 12.89, 11.93],
      ['Michika', 'Adamawa', 10.62, 13.39],
      ['Madagali', 'Adamawa', 10.89, 13.63],
    ],
    groups: [
      ['iswap', 55],
      ['jas', 38],
      [null, 7],
    ],
    types: LAKE_CHAD_TYPES(),
    owners: ['NG', 'NG', 'NG', 'US'],
    weight: 110,
  },
  {
    country: 'NE',
    places: [
      ['Diffa', 'Diffa', 13.32, 12.61],
      ['Bosso', 'Diffa', 13.7, 13.31],
      ['N’Guigmi', 'Diffa', 14.25, 13.11],
    ],
    groups: [
      ['iswap', 60],
      ['jas', 35],
      [null, 5],
    ],
    types: LAKE_CHAD_TYPES(),
    owners: ['NE'],
    weight: 20,
  },
  {
    country: 'TD',
    places: [
      ['Bol', 'Lac', 13.46, 14.71],
      ['Baga Sola', 'Lac', 13.53, 14.32],
    ],
    groups: [
      ['jas', 55],
      ['iswap', 45],
    ],
    types: LAKE_CHAD_TYPES(),
    owners: ['TD'],
    weight: 15,
  },
  {
    country: 'CM',
    places: [
      ['Kolofata', 'Extrême-Nord', 11.17, 14.01],
      ['Mora', 'Extrême-Nord', 11.05, 14.14],
      ['Mokolo', 'Extrême-Nord', 10.74, 13.8],
    ],
    groups: [
      ['jas', 65],
      ['iswap', 30],
      [null, 5],
    ],
    types: LAKE_CHAD_TYPES(),
    owners: ['CM'],
    weight: 25,
  },
  {
    country: 'SO',
    places: [
      ['Mogadishu', 'Banadir', 2.04, 45.34],
      ['Afgooye', 'Lower Shabelle', 2.14, 45.12],
      ['Marka', 'Lower Shabelle', 1.71, 44.77],
      ['Balcad', 'Middle Shabelle', 2.36, 45.39],
      ['Jowhar', 'Middle Shabelle', 2.78, 45.5],
      ['Beledweyne', 'Hiraan', 4.74, 45.2],
      ['Bulo Burte', 'Hiraan', 3.85, 45.57],
      ['Baidoa', 'Bay', 3.11, 43.65],
      ['Bardheere', 'Gedo', 2.34, 42.28],
      ['Kismayo', 'Lower Juba', -0.36, 42.55],
    ],
    groups: [
      ['al-shabaab', 94],
      [null, 6],
    ],
    types: [
      [
        'explosions_remote_violence',
        45,
        [
          'remote_explosive_landmine_ied',
          'suicide_bomb',
          'shelling_artillery_missile_attack',
          'grenade',
        ],
      ],
      ['battles', 38, ['armed_clash', 'government_regains_territory']],
      ['violence_against_civilians', 17, ['attack', 'abduction_forced_disappearance']],
    ],
    owners: ['KE', 'US', 'SA'],
    weight: 115,
  },
  {
    country: 'KE',
    places: [
      ['Mandera', 'Mandera', 3.94, 41.86],
      ['Lamu', 'Lamu', -2.27, 40.9],
      ['Garissa', 'Garissa', -0.45, 39.65],
    ],
    groups: [['al-shabaab', 100]],
    types: [
      ['explosions_remote_violence', 55, ['remote_explosive_landmine_ied']],
      ['violence_against_civilians', 30, ['attack', 'abduction_forced_disappearance']],
      ['battles', 15, ['armed_clash']],
    ],
    owners: ['KE'],
    weight: 20,
  },
  {
    country: 'MZ',
    places: [
      ['Mocímboa da Praia', 'Cabo Delgado', -11.35, 40.35],
      ['Palma', 'Cabo Delgado', -10.77, 40.47],
      ['Macomia', 'Cabo Delgado', -12.24, 40.12],
      ['Quissanga', 'Cabo Delgado', -12.42, 40.49],
      ['Ancuabe', 'Cabo Delgado', -12.97, 39.85],
      ['Meluco', 'Cabo Delgado', -12.54, 39.65],
      ['Mecula', 'Niassa', -12.08, 37.65],
    ],
    groups: [
      ['is-mozambique', 92],
      [null, 8],
    ],
    types: [
      ['violence_against_civilians', 45, ['attack', 'abduction_forced_disappearance']],
      [
        'battles',
        40,
        ['armed_clash', 'non_state_actor_overtakes_territory', 'government_regains_territory'],
      ],
      ['strategic_developments', 15, ['looting_property_destruction']],
    ],
    owners: ['US', 'MA', 'SA'],
    weight: 85,
  },
  {
    country: 'CD',
    places: [
      ['Beni', 'Nord-Kivu', 0.49, 29.47],
      ['Oicha', 'Nord-Kivu', 0.7, 29.52],
      ['Mambasa', 'Ituri', 1.36, 29.05],
      ['Komanda', 'Ituri', 1.37, 29.77],
    ],
    groups: [['adf', 100]],
    types: [
      ['violence_against_civilians', 65, ['attack', 'abduction_forced_disappearance']],
      ['battles', 35, ['armed_clash']],
    ],
    owners: ['US'],
    weight: 40,
  },
];

function SAHEL_TYPES(): Theatre['types'] {
  return [
    ['violence_against_civilians', 34, ['attack', 'abduction_forced_disappearance']],
    ['battles', 34, ['armed_clash', 'non_state_actor_overtakes_territory']],
    [
      'explosions_remote_violence',
      22,
      ['remote_explosive_landmine_ied', 'shelling_artillery_missile_attack'],
    ],
    ['strategic_developments', 10, ['looting_property_destruction', 'arrests']],
  ];
}

function LAKE_CHAD_TYPES(): Theatre['types'] {
  return [
    ['battles', 40, ['armed_clash']],
    ['violence_against_civilians', 36, ['attack', 'abduction_forced_disappearance']],
    ['explosions_remote_violence', 19, ['suicide_bomb', 'remote_explosive_landmine_ied']],
    ['strategic_developments', 5, ['looting_property_destruction']],
  ];
}

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, weighted: [T, number, ...unknown[]][]): T {
  const total = weighted.reduce((n, w) => n + w[1], 0);
  let r = rand() * total;
  for (const w of weighted) {
    r -= w[1];
    if (r <= 0) return w[0];
  }
  return weighted[weighted.length - 1]![0];
}

const SUB_LABEL: Record<string, Lang3<string>> = {
  armed_clash: { ar: 'اشتباك مسلح', fr: 'Affrontement armé', en: 'Armed clash' },
  non_state_actor_overtakes_territory: {
    ar: 'سيطرة جماعة على موقع',
    fr: 'Prise de contrôle par un groupe',
    en: 'Group takes a position',
  },
  government_regains_territory: {
    ar: 'استعادة القوات لموقع',
    fr: 'Reprise d’une position par l’armée',
    en: 'Forces regain a position',
  },
  attack: { ar: 'هجوم على مدنيين', fr: 'Attaque contre des civils', en: 'Attack on civilians' },
  abduction_forced_disappearance: { ar: 'اختطاف', fr: 'Enlèvement', en: 'Abduction' },
  remote_explosive_landmine_ied: { ar: 'عبوة ناسفة', fr: 'Engin explosif improvisé', en: 'IED' },
  suicide_bomb: { ar: 'تفجير انتحاري', fr: 'Attentat-suicide', en: 'Suicide bombing' },
  shelling_artillery_missile_attack: {
    ar: 'قصف بقذائف الهاون',
    fr: 'Tirs de mortier',
    en: 'Mortar fire',
  },
  grenade: { ar: 'هجوم بقنبلة يدوية', fr: 'Attaque à la grenade', en: 'Grenade attack' },
  looting_property_destruction: {
    ar: 'نهب وتدمير ممتلكات',
    fr: 'Pillage et destructions',
    en: 'Looting and destruction',
  },
  arrests: { ar: 'اعتقالات', fr: 'Arrestations', en: 'Arrests' },
};

interface DemoIncident {
  object: Record<string, unknown>;
  owner: string;
  handling: 'group' | 'coalition' | 'member' | 'red' | 'strict';
}

const DAY = 86_400_000;

function generate(today: Date, seed: string, ids: Record<string, string>): DemoIncident[] {
  const rand = random(20211202);
  const start = Date.UTC(2021, 0, 1);
  const span = Math.floor((today.getTime() - 7 * DAY - start) / DAY);
  const out: DemoIncident[] = [];
  const total = 620;
  const weights = THEATRES.map((t, i) => [i, t.weight] as [number, number]);
  for (let n = 0; n < total; n++) {
    const theatre = THEATRES[pick(rand, weights)]!;
    // Violence grew over the period: the density of events rises fourfold from 2021 to today.
    const u = rand();
    const dayIndex = Math.floor((span * (Math.sqrt(1 + 15 * u) - 1)) / 3);
    const eventDate = new Date(start + dayIndex * DAY).toISOString().slice(0, 10);
    const [location, admin1, latitude, longitude] =
      theatre.places[Math.floor(rand() * theatre.places.length)]!;
    const group = pick(rand, theatre.groups);
    const eventType = pick(rand, theatre.types);
    const subs = theatre.types.find((t) => t[0] === eventType)![2];
    const sub = subs[Math.floor(rand() * subs.length)]!;
    const heavy = sub === 'suicide_bomb' || sub === 'non_state_actor_overtakes_territory' ? 2.2 : 1;
    const fatalities =
      rand() < 0.22
        ? 0
        : Math.min(160, Math.round(Math.exp(rand() * 2.6 * heavy) * (0.6 + rand())));
    const facts: Omit<IncidentFacts, 'extension_type'> = {
      event_date: eventDate,
      time_precision: rand() < 0.85 ? 1 : 2,
      event_type: eventType,
      sub_event_type: sub as IncidentFacts['sub_event_type'],
      ...(group ? { actors: [ids[group]!] } : {}),
      country: theatre.country,
      admin1,
      location,
      latitude,
      longitude,
      geo_precision: rand() < 0.8 ? 1 : 2,
      fatalities,
      ...(rand() < 0.4 ? { wounded: Math.round(fatalities * rand() * 1.5) } : {}),
      ...(sub === 'abduction_forced_disappearance'
        ? { kidnapped: 1 + Math.floor(rand() * 25) }
        : {}),
      source: 'Exercise scenario (invented)',
      source_scale: 'National',
      notes: 'EXERCISE: invented event for training; not a real incident.',
    };
    const owner = theatre.owners[Math.floor(rand() * theatre.owners.length)]!;
    const r = rand();
    // Mostly for the group; some for the coalition; a few AMBER+STRICT, or RED for Chad by name.
    const handling: DemoIncident['handling'] =
      owner === 'FR'
        ? 'member'
        : r < 0.74
          ? 'group'
          : r < 0.94
            ? 'coalition'
            : r < 0.98 || owner === 'TD'
              ? 'strict'
              : 'red';
    const label = SUB_LABEL[sub]?.en ?? sub;
    const created = new Date(
      start + dayIndex * DAY + (1 + Math.floor(rand() * 3)) * DAY,
    ).toISOString();
    out.push({
      owner,
      handling,
      object: incidentObject({
        id: demoId(seed, 'incident', `incident:${n}`),
        created,
        modified: created,
        createdBy: '', // set per owner below
        name: `[EXERCISE] ${label} — ${location}`,
        description: 'EXERCISE DATA: invented for training, not a real event.',
        labels: ['exercise'],
        facts,
        tlp: 'amber',
      }),
    });
  }
  return out;
}

const HANDLING: Record<DemoIncident['handling'], { tlp: TlpLevel; federate: boolean }> = {
  group: { tlp: 'amber', federate: false },
  coalition: { tlp: 'green', federate: true },
  member: { tlp: 'amber', federate: false },
  strict: { tlp: 'amber+strict', federate: false },
  red: { tlp: 'red', federate: false },
};

async function store(
  db: Db,
  code: string,
  objects: Record<string, unknown>[],
  audience: Audience,
  tlp: TlpLevel,
  federate: boolean,
) {
  const member = (await memberByCode(db, code))!;
  const outcome = await storeObjects(db, systemActor(member), {
    objects,
    audience,
    federate,
    tlp,
    source: 'demo',
  });
  const bad = outcome.results.find((r) => r.status === 'rejected');
  if (bad) throw new Error(`demo picture: ${JSON.stringify(bad)}`);
}

/** Loads the groups, their relationships, the incidents and a few reports that cite them. */
export async function loadPictureDemo(
  db: Db,
  groupSlug: string,
  today = new Date(),
): Promise<void> {
  const ma = (await memberByCode(db, 'MA'))!;
  await publishIncidentExtension(db, systemActor(ma));
  const seed = await demoSeed(db, groupSlug);
  const ids = await demoGroupIds(db, groupSlug);
  const afg: Audience = { kind: 'group', groupId: seed, slug: groupSlug };
  const created = '2021-12-02T09:00:00.000Z';
  const clear = { object_marking_refs: [TLP2_MARKING_IDS.clear] };

  const groupObjects: Record<string, unknown>[] = [];
  for (const g of GROUPS) {
    const id = ids[g.key]!;
    groupObjects.push(
      {
        type: 'intrusion-set',
        spec_version: '2.1',
        id,
        created,
        modified: created,
        created_by_ref: ma.identity_id,
        name: g.names.en,
        lang: 'en',
        description: g.description.en,
        aliases: [
          ...new Set([...g.aliases.en, g.names.ar, ...g.aliases.ar, g.names.fr, ...g.aliases.fr]),
        ],
        labels: ['exercise'],
        ...clear,
      },
      {
        type: 'language-content',
        spec_version: '2.1',
        id: demoId(seed, 'language-content', `group-lc:${g.key}`),
        created,
        modified: created,
        created_by_ref: ma.identity_id,
        object_ref: id,
        object_modified: created,
        contents: Object.fromEntries(
          (['ar', 'fr'] as const).map((l) => [
            l,
            { name: g.names[l], aliases: g.aliases[l], description: g.description[l] },
          ]),
        ),
        ...clear,
      },
    );
  }
  RELATED.forEach(([a, b, description], i) =>
    groupObjects.push({
      type: 'relationship',
      spec_version: '2.1',
      id: demoId(seed, 'relationship', `group-rel:${i}`),
      created,
      modified: created,
      created_by_ref: ma.identity_id,
      relationship_type: 'related-to',
      source_ref: ids[a],
      target_ref: ids[b],
      description,
      ...clear,
    }),
  );
  await store(db, 'MA', groupObjects, { kind: 'coalition' }, 'clear', true);

  const incidents = generate(today, seed, ids);
  const identity = new Map<string, string>();
  for (const code of new Set([...incidents.map((i) => i.owner), 'TD']))
    identity.set(code, (await memberByCode(db, code))!.identity_id);
  const td = (await memberByCode(db, 'TD'))!;
  const buckets = new Map<string, DemoIncident[]>();
  for (const i of incidents) {
    i.object.created_by_ref = identity.get(i.owner);
    const h = HANDLING[i.handling];
    i.object.object_marking_refs = [TLP2_MARKING_IDS[h.tlp]];
    const key = `${i.owner}|${i.handling}`;
    buckets.set(key, [...(buckets.get(key) ?? []), i]);
  }
  for (const [key, list] of buckets) {
    const [owner, handling] = key.split('|') as [string, DemoIncident['handling']];
    const h = HANDLING[handling];
    const audience: Audience =
      handling === 'coalition'
        ? { kind: 'coalition' }
        : handling === 'member'
          ? { kind: 'member' }
          : handling === 'red' && owner !== 'TD'
            ? { kind: 'recipients', memberIds: [td.id], codes: ['TD'] }
            : afg;
    await store(
      db,
      owner,
      list.map((i) => i.object),
      audience,
      h.tlp,
      h.federate,
    );
  }

  // A few incidents were updated as figures firmed up: a second version with a higher toll.
  const revised = incidents.filter((i) => i.handling === 'group').slice(0, 6);
  for (const i of revised) {
    const ext = (i.object.extensions as Record<string, Record<string, unknown>>)[
      Object.keys(i.object.extensions as object)[0]!
    ]!;
    const modified = new Date(Date.parse(i.object.created as string) + 2 * DAY).toISOString();
    await store(
      db,
      i.owner,
      [
        {
          ...i.object,
          modified,
          extensions: {
            [Object.keys(i.object.extensions as object)[0]!]: {
              ...ext,
              fatalities: (ext.fatalities as number) + 3,
            },
          },
        },
      ],
      afg,
      'amber',
      false,
    );
  }

  // Reports that cite groups and incidents, from several members (what correlations find).
  const report = (code: string, days: number, name: string, lang: string, refs: string[]) => ({
    type: 'report',
    spec_version: '2.1',
    id: demoId(seed, 'report', `report:${name}`),
    created: new Date(today.getTime() - days * DAY).toISOString(),
    modified: new Date(today.getTime() - days * DAY).toISOString(),
    created_by_ref: identity.get(code) ?? ma.identity_id,
    name,
    lang,
    published: new Date(today.getTime() - days * DAY).toISOString(),
    report_types: ['threat-report'],
    labels: ['exercise'],
    description: 'EXERCISE DATA: invented for training, not a real assessment.',
    object_refs: refs,
  });
  const byGroup = (key: string, country?: string) =>
    incidents
      .filter((i) => {
        const f = (i.object.extensions as Record<string, IncidentFacts>)[
          Object.keys(i.object.extensions as object)[0]!
        ]!;
        return (
          f.actors?.[0] === ids[key] &&
          (!country || f.country === country) &&
          i.handling === 'group'
        );
      })
      .slice(-3)
      .map((i) => i.object.id as string);
  const reports: [string, Record<string, unknown>][] = [
    [
      'KE',
      report('KE', 20, '[EXERCISE] al-Shabaab IED campaign along the Kenyan border', 'en', [
        ids['al-shabaab']!,
        ...byGroup('al-shabaab', 'KE'),
      ]),
    ],
    [
      'TD',
      report('TD', 16, '[EXERCISE] ISWAP attacks on military bases in Borno', 'en', [
        ids.iswap!,
        ...byGroup('iswap', 'NG'),
      ]),
    ],
    [
      'NE',
      report('NE', 11, '[EXERCICE] L’EIS dans le nord de Tillabéri', 'fr', [
        ids['is-sahel']!,
        ...byGroup('is-sahel', 'NE'),
      ]),
    ],
    [
      'MA',
      report('MA', 8, '[تمرين] نشاط ولاية موزمبيق في كابو ديلغادو', 'ar', [
        ids['is-mozambique']!,
        ...byGroup('is-mozambique'),
      ]),
    ],
    [
      'US',
      report('US', 4, '[EXERCISE] JNIM expansion towards coastal states', 'en', [
        ids.jnim!,
        ...byGroup('jnim', 'BF'),
      ]),
    ],
  ];
  for (const [code, r] of reports) await store(db, code, [r], afg, 'amber', false);
}
