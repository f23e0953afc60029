import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import type { MembersTable } from '../db/schema.ts';
import { groupBySlug, groupMemberships, listMembers } from '../members/members.repository.ts';
import { insertCommunique, setRecipients, upsertApproval } from './communiques.repository.ts';
import type { CommuniquesTable } from './communiques.table.ts';
import { insertActions, insertMeeting } from './meetings.repository.ts';
import type { MeetingsTable, Modality, ParticipantRole, Presence } from './meetings.table.ts';
import { insertAnswer, insertNeed } from './needs.repository.ts';
import { insertProject } from './projects.repository.ts';
import type { NeedPriority, ProjectsTable, ProjectStatus } from './projects.table.ts';
import { indexAllRecords } from './search.documents.ts';
import { localTime, zonedToUtc } from './zoned.ts';

/**
 * EXERCISE DATA for the coordination of the demo coalition. The group, its members, its chair
 * terms and the places and dates of its meetings are real; the agendas, minutes, decisions,
 * action items, projects, needs and communiqués are invented for training, and labelled so.
 */

type T3 = { ar: string; fr: string; en: string };
const EX = { ar: '[تمرين] ', fr: '[EXERCICE] ', en: '[EXERCISE] ' };
const ex = (t: T3): T3 => ({ ar: EX.ar + t.ar, fr: EX.fr + t.fr, en: EX.en + t.en });
const cols = <P extends string>(prefix: P, t: Partial<T3> | undefined) =>
  ({
    [`${prefix}_ar`]: t?.ar ?? null,
    [`${prefix}_fr`]: t?.fr ?? null,
    [`${prefix}_en`]: t?.en ?? null,
  }) as Record<`${P}_${'ar' | 'fr' | 'en'}`, string | null>;

interface Ctx {
  db: Db;
  m: (code: string) => MembersTable;
  groupId: string;
  groupReaders: string[];
  now: string;
}

interface DemoProject {
  owner: string;
  title: T3;
  description: string;
  donors: string[];
  implementers?: string[];
  countries: [string, string | null][];
  domains: string[];
  period: [string, string | null];
  status: ProjectStatus;
  budget?: [number, string];
  audience?: 'group' | 'coalition';
  tlp?: string;
  iati?: { identifier: string; sectors: [string, string, string][] };
  regions?: string[];
}

async function project(ctx: Ctx, p: DemoProject): Promise<string> {
  const id = randomUUID();
  const row: ProjectsTable = {
    id,
    owner_id: ctx.m(p.owner).id,
    audience: p.audience ?? 'group',
    audience_group_id: (p.audience ?? 'group') === 'group' ? ctx.groupId : null,
    tlp: p.tlp ?? 'green',
    federate: 0,
    ...cols('title', ex(p.title)),
    ...cols('description', {
      ar: 'بيانات تمرين: مشروع مختلق لأغراض التدريب.',
      fr: 'DONNÉES D’EXERCICE : projet inventé pour l’entraînement.',
      en: `EXERCISE DATA: invented for training. ${p.description}`,
    }),
    starts_on: p.period[0],
    ends_on: p.period[1],
    status: p.status,
    budget: p.budget?.[0] ?? null,
    currency: p.budget?.[1] ?? null,
    contacts: JSON.stringify([
      {
        name: 'Exercise desk officer',
        organisation: ctx.m(p.owner).name_en,
        email: `coordination.${p.owner.toLowerCase()}@example.org`,
      },
    ]),
    source: p.iati ? 'iati' : 'demo',
    iati_identifier: p.iati?.identifier ?? null,
    iati_reporting_org_ref: p.iati ? 'XM-DAC-6-4' : null,
    iati_reporting_org_name: p.iati
      ? 'Italian Agency for Development Cooperation (exercise)'
      : null,
    iati_hash: null,
    exercise: 1,
    created_by: 'demo',
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  const party = (role: 'funding' | 'implementing') => (x: string) =>
    /^[A-Z]{2,5}$/.test(x)
      ? { role, member_id: ctx.m(x).id, name: null, ref: null }
      : { role, member_id: null, name: x, ref: null };
  await insertProject(ctx.db, row, {
    countries: p.countries.map(([iso2, admin1]) => ({ iso2, admin1, percentage: null })),
    regions: (p.regions ?? []).map((code) => ({ code, vocabulary: '1', percentage: null })),
    domains: p.domains,
    sectors: (p.iati?.sectors ?? []).map(([vocabulary, code, narrative]) => ({
      vocabulary,
      code,
      percentage: null,
      narrative,
    })),
    parties: [
      ...p.donors.map(party('funding')),
      ...(p.implementers ?? []).map(party('implementing')),
    ],
    recipients: [],
  });
  return id;
}

async function need(
  ctx: Ctx,
  owner: string,
  domain: string,
  priority: NeedPriority,
  title: T3,
  admin1: string | null = null,
  answeredBy?: { project: string; member: string },
): Promise<void> {
  const id = randomUUID();
  await insertNeed(
    ctx.db,
    {
      id,
      owner_id: ctx.m(owner).id,
      audience: 'group',
      audience_group_id: ctx.groupId,
      tlp: 'amber',
      federate: 0,
      ...cols('title', ex(title)),
      ...cols('description', {
        ar: 'بيانات تمرين: احتياج مختلق لأغراض التدريب.',
        fr: 'DONNÉES D’EXERCICE : besoin inventé pour l’entraînement.',
        en: 'EXERCISE DATA: a need invented for training.',
      }),
      country: ctx.m(owner).iso2!,
      admin1,
      domain,
      priority,
      status: 'open',
      exercise: 1,
      created_by: 'demo',
      created_at: ctx.now,
      updated_at: ctx.now,
    },
    [],
  );
  if (answeredBy)
    await insertAnswer(ctx.db, {
      need_id: id,
      project_id: answeredBy.project,
      answered_by: ctx.m(answeredBy.member).id,
      answered_at: ctx.now,
    });
}

interface DemoMeeting {
  owner: string;
  title: T3;
  start: string;
  end: string;
  zone: string;
  place: string;
  modality: Modality;
  agenda: [T3, string | null][];
  participants: [string, string, ParticipantRole, Presence][];
  minutes: T3;
  decisions: T3[];
  actions: [T3, string, string, 'open' | 'done' | 'dropped'][];
}

async function meeting(ctx: Ctx, d: DemoMeeting): Promise<void> {
  const starts = zonedToUtc(d.start, d.zone)!;
  const ends = zonedToUtc(d.end, d.zone)!;
  const row: MeetingsTable = {
    id: randomUUID(),
    owner_id: ctx.m(d.owner).id,
    audience: 'group',
    audience_group_id: ctx.groupId,
    tlp: 'amber',
    federate: 0,
    group_id: ctx.groupId,
    ...cols('title', ex(d.title)),
    ...cols('minutes', d.minutes),
    local_start: d.start,
    local_end: d.end,
    time_zone: d.zone,
    starts_at: starts.toISOString(),
    ends_at: ends.toISOString(),
    place: d.place,
    modality: d.modality,
    exercise: 1,
    created_by: 'demo',
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await insertMeeting(ctx.db, row, {
    agenda: d.agenda.map(([title, presenter]) => ({
      ...cols('title', title),
      presenter_member_id: presenter ? ctx.m(presenter).id : null,
      presenter_name: null,
    })),
    participants: d.participants.map(([member, person, role, presence]) => ({
      member_id: ctx.m(member).id,
      person,
      role,
      presence,
    })),
    decisions: d.decisions.map((t) => cols('text', t)),
    reports: [],
    recipients: [],
  });
  await insertActions(
    ctx.db,
    d.actions.map(([text, owner, due, status], position) => ({
      id: randomUUID(),
      meeting_id: row.id,
      position,
      ...cols('text', text),
      owner_member_id: ctx.m(owner).id,
      due_on: due,
      status,
      done_at: status === 'done' ? `${due}T12:00:00.000Z` : null,
      done_by: status === 'done' ? 'demo' : null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
  );
}

async function communique(
  ctx: Ctx,
  owner: string,
  title: T3,
  body: T3,
  published: { at: string; approvers: string[] } | { draftApprovers: string[] },
): Promise<void> {
  const id = randomUUID();
  const isPublished = 'at' in published;
  const row: CommuniquesTable = {
    id,
    owner_id: ctx.m(owner).id,
    audience: isPublished ? 'coalition' : 'recipients',
    audience_group_id: null,
    tlp: isPublished ? 'clear' : 'amber',
    federate: 0,
    group_id: ctx.groupId,
    ...cols('title', ex(title)),
    ...cols('body', body),
    status: isPublished ? 'published' : 'draft',
    revision: 1,
    exercise: 1,
    created_by: 'demo',
    created_at: isPublished ? published.at : ctx.now,
    updated_at: isPublished ? published.at : ctx.now,
    published_at: isPublished ? published.at : null,
    published_by: isPublished ? 'demo' : null,
  };
  await insertCommunique(ctx.db, row);
  await setRecipients(
    ctx.db,
    id,
    ctx.groupReaders.filter((m) => m !== row.owner_id),
  );
  for (const code of isPublished ? published.approvers : published.draftApprovers) {
    await upsertApproval(ctx.db, {
      communique_id: id,
      member_id: ctx.m(code).id,
      revision: 1,
      user_id: 'demo',
      approved_at: isPublished ? published.at : ctx.now,
    });
  }
}

const T = (en: string, fr: string, ar: string): T3 => ({ en, fr, ar });

export async function loadCoordinationDemo(db: Db, groupSlug: string): Promise<void> {
  const group = (await groupBySlug(db, groupSlug))!;
  const members = new Map((await listMembers(db)).map((m) => [m.code, m]));
  const ctx: Ctx = {
    db,
    m: (code) => members.get(code)!,
    groupId: group.id,
    groupReaders: (await groupMemberships(db))
      .filter((g) => g.group_id === group.id)
      .map((g) => g.member_id),
    now: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    const c = { ...ctx, db: trx };
    await loadRegister(c);
    await loadMeetings(c);
    await loadCommuniques(c);
    await indexAllRecords(trx, ['meeting', 'project', 'need', 'communique']);
    await appendAudit(trx, [
      {
        actor: 'system',
        member: null,
        action: 'demo.coordination',
        subject: groupSlug,
        detail: { note: 'exercise data loaded' },
      },
    ]);
  });
}

async function loadRegister(ctx: Ctx): Promise<void> {
  const usNe = await project(ctx, {
    owner: 'US',
    title: T(
      'Border management posts in Tillabéri',
      'Postes de gestion des frontières à Tillabéri',
      'مراكز تدبير الحدود في تيلابيري',
    ),
    description: 'Equipment and training for border posts along the Mali and Burkina Faso borders.',
    donors: ['US'],
    implementers: ['International Organization for Migration (IOM)'],
    countries: [['NE', 'Tillabéri']],
    domains: ['border_security'],
    period: ['2022-01-01', '2025-12-31'],
    status: 'active',
    budget: [4_500_000, 'USD'],
  });
  await project(ctx, {
    owner: 'IT',
    title: T(
      'Integrated border security in western Niger',
      'Sécurité intégrée des frontières dans l’ouest du Niger',
      'الأمن المندمج للحدود في غرب النيجر',
    ),
    description:
      'Mobile units and a joint coordination centre: the same cell and period as another donor’s project.',
    donors: ['IT'],
    implementers: ['NE'],
    countries: [['NE', 'Tillabéri']],
    domains: ['border_security', 'information_sharing'],
    period: ['2023-03-01', '2026-02-28'],
    status: 'active',
    budget: [3_000_000, 'EUR'],
    iati: {
      identifier: 'XM-DAC-6-4-EXERCISE-0001',
      sectors: [
        ['1', '15210', 'Security system management and reform'],
        ['1', '15136', 'Immigration'],
      ],
    },
  });
  await project(ctx, {
    owner: 'FR',
    title: T(
      'Support to the Niamey counter-terrorism judicial unit',
      'Appui au pôle judiciaire antiterroriste de Niamey',
      'دعم القطب القضائي لمكافحة الإرهاب في نيامي',
    ),
    description: 'Training of investigating judges and prosecutors.',
    donors: ['FR'],
    implementers: ['Expertise France'],
    countries: [['NE', 'Niamey']],
    domains: ['criminal_justice'],
    period: ['2020-09-01', '2023-08-31'],
    status: 'completed',
    budget: [2_000_000, 'EUR'],
    audience: 'coalition',
  });
  const usNg = await project(ctx, {
    owner: 'US',
    title: T(
      'Analytic cells for North-East Nigeria',
      'Cellules d’analyse pour le nord-est du Nigeria',
      'خلايا التحليل لشمال شرق نيجيريا',
    ),
    description: 'Information sharing between state and federal agencies.',
    donors: ['US'],
    countries: [['NG', 'Borno']],
    domains: ['information_sharing'],
    period: ['2023-06-01', '2026-05-31'],
    status: 'active',
    budget: [2_750_000, 'USD'],
  });
  await project(ctx, {
    owner: 'US',
    title: T(
      'Investigations training for the Nigeria Police Force',
      'Formation aux enquêtes pour la police nigériane',
      'التدريب على التحقيقات لفائدة الشرطة النيجيرية',
    ),
    description: 'Post-blast investigation and evidence handling.',
    donors: ['US'],
    countries: [['NG', null]],
    domains: ['law_enforcement'],
    period: ['2021-01-01', '2024-06-30'],
    status: 'completed',
    budget: [6_000_000, 'USD'],
  });
  const maMr = await project(ctx, {
    owner: 'MA',
    title: T(
      'Training of imams and preachers from Mauritania',
      'Formation d’imams et de prédicateurs mauritaniens',
      'تكوين أئمة ومرشدين من موريتانيا',
    ),
    description: 'Courses on religious moderation for imams and morchidates.',
    donors: ['MA'],
    implementers: ['Mohammed VI Institute for the Training of Imams (exercise)'],
    countries: [['MR', null]],
    domains: ['violent_extremism'],
    period: ['2022-09-01', '2025-07-31'],
    status: 'active',
    budget: [12_000_000, 'MAD'],
  });
  await project(ctx, {
    owner: 'SA',
    title: T(
      'Financial intelligence unit of Chad',
      'Cellule de renseignement financier du Tchad',
      'وحدة الاستخبارات المالية في تشاد',
    ),
    description: 'Analysts’ training and a case-management system.',
    donors: ['SA'],
    countries: [['TD', null]],
    domains: ['terrorist_financing'],
    period: ['2024-02-01', '2026-12-31'],
    status: 'active',
    budget: [1_200_000, 'USD'],
  });
  await project(ctx, {
    owner: 'IT',
    title: T(
      'Rehabilitation of former associates in the Centre-Nord',
      'Réhabilitation d’anciens associés dans le Centre-Nord',
      'إعادة تأهيل المرتبطين السابقين في الوسط الشمالي',
    ),
    description: 'In preparation with national authorities.',
    donors: ['IT'],
    countries: [['BF', 'Centre-Nord']],
    domains: ['rehabilitation'],
    period: ['2025-01-01', '2027-12-31'],
    status: 'pipeline',
    budget: [1_500_000, 'EUR'],
  });
  await project(ctx, {
    owner: 'UNOCT',
    title: T(
      'Countering terrorist content online in East Africa',
      'Lutte contre les contenus terroristes en ligne en Afrique de l’Est',
      'التصدي للمحتوى الإرهابي على الإنترنت في شرق إفريقيا',
    ),
    description: 'Support to national referral units.',
    donors: ['UNOCT', 'European Union'],
    countries: [['KE', null]],
    domains: ['online_content'],
    period: ['2023-01-01', '2025-12-31'],
    status: 'active',
    budget: [900_000, 'USD'],
    audience: 'coalition',
  });
  const usCm = await project(ctx, {
    owner: 'US',
    title: T('Port security in Douala', 'Sûreté portuaire à Douala', 'أمن ميناء دوالا'),
    description: 'Screening equipment and training for port authorities.',
    donors: ['US'],
    countries: [['CM', 'Littoral']],
    domains: ['aviation_maritime'],
    period: ['2022-04-01', '2025-03-31'],
    status: 'active',
    budget: [2_100_000, 'USD'],
  });
  await project(ctx, {
    owner: 'MA',
    title: T(
      'Training of Togolese judges',
      'Formation de magistrats togolais',
      'تكوين القضاة التوغوليين',
    ),
    description: 'Counter-terrorism law and procedure.',
    donors: ['MA'],
    countries: [['TG', null]],
    domains: ['criminal_justice'],
    period: ['2023-01-15', '2025-06-30'],
    status: 'active',
    budget: [3_500_000, 'MAD'],
  });
  await project(ctx, {
    owner: 'FR',
    title: T(
      'Criminal justice chain in northern Togo',
      'Chaîne pénale dans le nord du Togo',
      'سلسلة العدالة الجنائية في شمال توغو',
    ),
    description: 'Overlaps another donor’s project in the same cell and period.',
    donors: ['FR'],
    countries: [['TG', 'Savanes']],
    domains: ['criminal_justice'],
    period: ['2024-01-01', '2026-12-31'],
    status: 'active',
    budget: [1_800_000, 'EUR'],
    audience: 'coalition',
  });
  await project(ctx, {
    owner: 'UNOCT',
    title: T(
      'Counter-terrorism legislation in the Sahel',
      'Législation antiterroriste au Sahel',
      'تشريعات مكافحة الإرهاب في الساحل',
    ),
    description: 'A regional programme (a recipient region, no single country).',
    donors: ['UNOCT'],
    countries: [],
    regions: ['289'],
    domains: ['legal_frameworks'],
    period: ['2023-05-01', '2026-04-30'],
    status: 'active',
    budget: [2_400_000, 'USD'],
    audience: 'coalition',
  });

  await need(
    ctx,
    'NE',
    'border_security',
    'high',
    T('Equipment for border posts', 'Équipement des postes frontières', 'تجهيز المراكز الحدودية'),
    'Tillabéri',
    { project: usNe, member: 'US' },
  );
  await need(
    ctx,
    'NE',
    'terrorist_financing',
    'high',
    T(
      'Analysts for the financial intelligence unit',
      'Analystes pour la cellule de renseignement financier',
      'محللون لوحدة الاستخبارات المالية',
    ),
  );
  await need(
    ctx,
    'TD',
    'rehabilitation',
    'high',
    T(
      'Reintegration of former Boko Haram associates',
      'Réintégration d’anciens associés de Boko Haram',
      'إعادة إدماج المرتبطين السابقين ببوكو حرام',
    ),
    'Lac',
  );
  await need(
    ctx,
    'NG',
    'information_sharing',
    'medium',
    T(
      'Shared analysis between agencies',
      'Analyse partagée entre services',
      'تحليل مشترك بين الأجهزة',
    ),
    'Borno',
    { project: usNg, member: 'US' },
  );
  await need(
    ctx,
    'BF',
    'violent_extremism',
    'high',
    T(
      'Community prevention programmes',
      'Programmes communautaires de prévention',
      'برامج وقائية مجتمعية',
    ),
  );
  await need(
    ctx,
    'MR',
    'violent_extremism',
    'medium',
    T(
      'Religious guidance in prisons',
      'Orientation religieuse en milieu carcéral',
      'التأطير الديني في السجون',
    ),
    null,
    { project: maMr, member: 'MA' },
  );
  await need(
    ctx,
    'GN',
    'border_security',
    'medium',
    T('Control of the northern border', 'Contrôle de la frontière nord', 'مراقبة الحدود الشمالية'),
  );
  await need(
    ctx,
    'CM',
    'aviation_maritime',
    'low',
    T('Screening at the port of Douala', 'Contrôle au port de Douala', 'التفتيش في ميناء دوالا'),
    'Littoral',
    { project: usCm, member: 'US' },
  );
}

async function loadMeetings(ctx: Ctx): Promise<void> {
  const chairs2021: [string, string, ParticipantRole, Presence][] = [
    ['MA', 'Minister of Foreign Affairs', 'chair', 'video'],
    ['US', 'Secretary of State', 'chair', 'video'],
    ['IT', 'Minister of Foreign Affairs', 'chair', 'video'],
    ['NE', 'Ambassador of Niger in Brussels', 'chair', 'in_person'],
  ];
  await meeting(ctx, {
    owner: 'MA',
    title: T(
      'Launch of the Africa Focus Group — political directors',
      'Lancement du groupe Afrique — directeurs politiques',
      'إطلاق مجموعة النقاش المركزة حول إفريقيا — المديرون السياسيون',
    ),
    start: '2021-12-02T10:00',
    end: '2021-12-02T13:00',
    zone: 'Europe/Brussels',
    place: 'Brussels',
    modality: 'hybrid',
    agenda: [
      [
        T(
          'Opening by the four co-chairs',
          'Ouverture par les quatre coprésidents',
          'افتتاح من طرف الرؤساء المشاركين الأربعة',
        ),
        'MA',
      ],
      [
        T(
          'The terrorist threat in Africa',
          'La menace terroriste en Afrique',
          'التهديد الإرهابي في إفريقيا',
        ),
        'UNOCT',
      ],
      [T('Terms of reference of the group', 'Mandat du groupe', 'اختصاصات المجموعة'), 'US'],
      [
        T(
          'Capacity-building priorities',
          'Priorités du renforcement des capacités',
          'أولويات تعزيز القدرات',
        ),
        'IT',
      ],
    ],
    participants: [
      ...chairs2021,
      ['NG', 'Political director', 'delegate', 'in_person'],
      ['KE', 'Political director', 'delegate', 'video'],
      ['UNOCT', 'Director, counter-terrorism centre', 'observer', 'video'],
    ],
    minutes: T(
      'EXERCISE DATA — invented minutes. The co-chairs opened the meeting, three of them by video conference. Members shared their reading of the threat and agreed on the group’s purpose.',
      'DONNÉES D’EXERCICE — compte rendu inventé. Les coprésidents ont ouvert la réunion, trois d’entre eux par visioconférence.',
      'بيانات تمرين — محضر مختلق. افتتح الرؤساء المشاركون الاجتماع، ثلاثة منهم عبر تقنية المناظرة المرئية.',
    ),
    decisions: [
      T('The terms of reference are adopted.', 'Le mandat est adopté.', 'اعتماد الاختصاصات.'),
      T(
        'The group meets twice a year at political-director level.',
        'Le groupe se réunit deux fois par an au niveau des directeurs politiques.',
        'تجتمع المجموعة مرتين في السنة على مستوى المديرين السياسيين.',
      ),
    ],
    actions: [
      [
        T(
          'Circulate national priorities',
          'Diffuser les priorités nationales',
          'تعميم الأولويات الوطنية',
        ),
        'NE',
        '2022-01-31',
        'done',
      ],
      [
        T(
          'Finalise the terms of reference',
          'Finaliser le mandat',
          'وضع الصيغة النهائية للاختصاصات',
        ),
        'US',
        '2022-01-15',
        'done',
      ],
    ],
  });
  await meeting(ctx, {
    owner: 'IT',
    title: T(
      'Political directors’ meeting in Rome',
      'Réunion des directeurs politiques à Rome',
      'اجتماع المديرين السياسيين في روما',
    ),
    start: '2022-03-22T09:30',
    end: '2022-03-22T17:00',
    zone: 'Europe/Rome',
    place: 'Rome, Ministry of Foreign Affairs',
    modality: 'in_person',
    agenda: [
      [
        T(
          'Mapping of capacity-building projects',
          'Cartographie des projets de renforcement des capacités',
          'جرد مشاريع تعزيز القدرات',
        ),
        'IT',
      ],
      [
        T(
          'Preparation of the ministerial meeting',
          'Préparation de la réunion ministérielle',
          'التحضير للاجتماع الوزاري',
        ),
        'MA',
      ],
    ],
    participants: [
      ['IT', 'Political director', 'chair', 'in_person'],
      ['MA', 'Political director', 'chair', 'in_person'],
      ['US', 'Deputy coordinator for counter-terrorism', 'chair', 'in_person'],
      ['NE', 'Political director', 'chair', 'video'],
      ['TD', 'Political director', 'speaker', 'in_person'],
    ],
    minutes: T(
      'EXERCISE DATA — invented minutes.',
      'DONNÉES D’EXERCICE — compte rendu inventé.',
      'بيانات تمرين — محضر مختلق.',
    ),
    decisions: [
      T(
        'A register of capacity-building projects is set up.',
        'Un registre des projets de renforcement des capacités est créé.',
        'إحداث سجل لمشاريع تعزيز القدرات.',
      ),
    ],
    actions: [
      [
        T(
          'Enter ongoing projects in the register',
          'Saisir les projets en cours dans le registre',
          'إدخال المشاريع الجارية في السجل',
        ),
        'IT',
        '2022-04-30',
        'done',
      ],
      [
        T(
          'State the needs of the Lake Chad basin',
          'Exprimer les besoins du bassin du lac Tchad',
          'تحديد احتياجات حوض بحيرة تشاد',
        ),
        'TD',
        '2022-04-30',
        'done',
      ],
    ],
  });
  await meeting(ctx, {
    owner: 'MA',
    title: T(
      'Ministerial meeting in Marrakech',
      'Réunion ministérielle de Marrakech',
      'الاجتماع الوزاري بمراكش',
    ),
    start: '2022-05-11T09:00',
    end: '2022-05-11T18:00',
    zone: 'Africa/Casablanca',
    place: 'Marrakech',
    modality: 'in_person',
    agenda: [
      [
        T(
          'Welcome by the host co-chair',
          'Accueil par le coprésident hôte',
          'كلمة ترحيبية للرئيس المشارك المضيف',
        ),
        'MA',
      ],
      [
        T(
          'Report of the Africa Focus Group',
          'Rapport du groupe Afrique',
          'تقرير مجموعة النقاش المركزة حول إفريقيا',
        ),
        'US',
      ],
      [
        T(
          'Capacity-building: gaps and overlaps',
          'Renforcement des capacités : lacunes et doublons',
          'تعزيز القدرات: الثغرات والتداخلات',
        ),
        'IT',
      ],
    ],
    participants: [
      ['MA', 'Minister of Foreign Affairs', 'chair', 'in_person'],
      ['US', 'Secretary of State', 'chair', 'in_person'],
      ['IT', 'Minister of Foreign Affairs', 'chair', 'in_person'],
      ['NE', 'Minister of Foreign Affairs', 'chair', 'in_person'],
      ['NG', 'Minister', 'delegate', 'in_person'],
      ['MR', 'Minister', 'delegate', 'in_person'],
      ['UNOCT', 'Under-Secretary-General', 'observer', 'in_person'],
    ],
    minutes: T(
      'EXERCISE DATA — invented minutes.',
      'DONNÉES D’EXERCICE — compte rendu inventé.',
      'بيانات تمرين — محضر مختلق.',
    ),
    decisions: [
      T(
        'The ministers welcome the group’s first report.',
        'Les ministres saluent le premier rapport du groupe.',
        'يرحب الوزراء بالتقرير الأول للمجموعة.',
      ),
    ],
    actions: [
      [
        T(
          'Organise a regional workshop on border security',
          'Organiser un atelier régional sur la sécurité des frontières',
          'تنظيم ورشة إقليمية حول أمن الحدود',
        ),
        'KE',
        '2022-10-31',
        'dropped',
      ],
      [
        T('Publish the joint communiqué', 'Publier le communiqué conjoint', 'نشر البيان المشترك'),
        'MA',
        '2022-05-12',
        'done',
      ],
    ],
  });
  await meeting(ctx, {
    owner: 'NE',
    title: T(
      'Niamey meeting: action plan 2023–2024',
      'Réunion de Niamey : plan d’action 2023-2024',
      'اجتماع نيامي: خطة العمل 2023-2024',
    ),
    start: '2023-03-14T09:00',
    end: '2023-03-15T13:00',
    zone: 'Africa/Niamey',
    place: 'Niamey',
    modality: 'hybrid',
    agenda: [
      [
        T(
          'The threat in the Sahel and the Lake Chad basin',
          'La menace au Sahel et dans le bassin du lac Tchad',
          'التهديد في الساحل وحوض بحيرة تشاد',
        ),
        'NE',
      ],
      [T('Adoption of the action plan', 'Adoption du plan d’action', 'اعتماد خطة العمل'), 'IT'],
    ],
    participants: [
      ['NE', 'Minister of Foreign Affairs', 'chair', 'in_person'],
      ['MA', 'Political director', 'chair', 'in_person'],
      ['IT', 'Political director', 'chair', 'video'],
      ['US', 'Deputy coordinator for counter-terrorism', 'chair', 'in_person'],
      ['BF', 'Political director', 'delegate', 'video'],
      ['TD', 'Political director', 'delegate', 'in_person'],
    ],
    minutes: T(
      'EXERCISE DATA — invented minutes. The action plan has five lines of effort.',
      'DONNÉES D’EXERCICE — compte rendu inventé. Le plan d’action compte cinq axes.',
      'بيانات تمرين — محضر مختلق. تتضمن خطة العمل خمسة محاور.',
    ),
    decisions: [
      T(
        'The action plan 2023–2024 is adopted.',
        'Le plan d’action 2023-2024 est adopté.',
        'اعتماد خطة العمل 2023-2024.',
      ),
      T(
        'Members report their projects in the register each quarter.',
        'Les membres déclarent leurs projets au registre chaque trimestre.',
        'يصرح الأعضاء بمشاريعهم في السجل كل ثلاثة أشهر.',
      ),
    ],
    actions: [
      [
        T(
          'Share a national assessment of terrorist financing',
          'Partager une évaluation nationale du financement du terrorisme',
          'تقاسم تقييم وطني لتمويل الإرهاب',
        ),
        'BF',
        '2023-09-30',
        'open',
      ],
      [
        T(
          'Propose a reintegration programme for the Lac province',
          'Proposer un programme de réintégration pour la province du Lac',
          'اقتراح برنامج لإعادة الإدماج في إقليم البحيرة',
        ),
        'TD',
        '2023-12-31',
        'open',
      ],
      [
        T(
          'Report projects to the register',
          'Déclarer les projets au registre',
          'التصريح بالمشاريع في السجل',
        ),
        'US',
        '2023-06-30',
        'done',
      ],
    ],
  });
  await meeting(ctx, {
    owner: 'SA',
    title: T(
      'First meeting under the new co-chairs',
      'Première réunion sous les nouveaux coprésidents',
      'أول اجتماع في ظل الرئاسة المشتركة الجديدة',
    ),
    start: '2024-01-24T14:00',
    end: '2024-01-24T16:30',
    zone: 'Asia/Riyadh',
    place: 'Video conference',
    modality: 'online',
    agenda: [
      [
        T(
          'Welcome to Saudi Arabia as co-chair',
          'Bienvenue à l’Arabie saoudite comme coprésidente',
          'الترحيب بالمملكة العربية السعودية رئيسا مشاركا',
        ),
        'IT',
      ],
      [T('Review of the action plan', 'Bilan du plan d’action', 'حصيلة خطة العمل'), 'MA'],
    ],
    participants: [
      ['SA', 'Political director', 'chair', 'video'],
      ['IT', 'Political director', 'chair', 'video'],
      ['MA', 'Political director', 'chair', 'video'],
      ['US', 'Deputy coordinator for counter-terrorism', 'chair', 'video'],
      ['NE', 'Political director', 'delegate', 'video'],
    ],
    minutes: T(
      'EXERCISE DATA — invented minutes.',
      'DONNÉES D’EXERCICE — compte rendu inventé.',
      'بيانات تمرين — محضر مختلق.',
    ),
    decisions: [
      T(
        'The co-chairs will draft a joint communiqué on the action plan.',
        'Les coprésidents rédigeront un communiqué conjoint sur le plan d’action.',
        'سيحرر الرؤساء المشاركون بيانا مشتركا حول خطة العمل.',
      ),
    ],
    actions: [
      [
        T('Draft the joint communiqué', 'Rédiger le communiqué conjoint', 'تحرير البيان المشترك'),
        'IT',
        '2024-02-29',
        'open',
      ],
      [
        T(
          'State the needs of Niger for 2024',
          'Exprimer les besoins du Niger pour 2024',
          'تحديد احتياجات النيجر لسنة 2024',
        ),
        'NE',
        '2024-03-31',
        'open',
      ],
      [
        T(
          'Brief the group on financing networks',
          'Informer le groupe des réseaux de financement',
          'إحاطة المجموعة بشبكات التمويل',
        ),
        'SA',
        '2024-04-30',
        'done',
      ],
      [
        T(
          'Circulate the draft review of the action plan',
          'Diffuser le projet de bilan du plan d’action',
          'تعميم مشروع حصيلة خطة العمل',
        ),
        'MA',
        '2024-05-31',
        'open',
      ],
    ],
  });
  // The next meeting, three weeks from the day the demo is loaded.
  const next = localTime(Date.now() + 21 * 86_400_000, 'Europe/Rome').slice(0, 10);
  await meeting(ctx, {
    owner: 'IT',
    title: T(
      'Political directors’ video conference',
      'Visioconférence des directeurs politiques',
      'مناظرة مرئية للمديرين السياسيين',
    ),
    start: `${next}T11:00`,
    end: `${next}T13:00`,
    zone: 'Europe/Rome',
    place: 'Video conference',
    modality: 'online',
    agenda: [
      [
        T(
          'Gaps in the capacity-building matrix',
          'Lacunes de la matrice du renforcement des capacités',
          'الثغرات في مصفوفة تعزيز القدرات',
        ),
        'IT',
      ],
      [T('Draft joint communiqué', 'Projet de communiqué conjoint', 'مشروع البيان المشترك'), 'SA'],
    ],
    participants: [],
    minutes: { ar: '', fr: '', en: '' },
    decisions: [],
    actions: [],
  });
}

async function loadCommuniques(ctx: Ctx): Promise<void> {
  await communique(
    ctx,
    'MA',
    T(
      'Joint communiqué of the co-chairs after the Marrakech ministerial meeting',
      'Communiqué conjoint des coprésidents après la réunion ministérielle de Marrakech',
      'بيان مشترك للرؤساء المشاركين عقب الاجتماع الوزاري بمراكش',
    ),
    T(
      'EXERCISE — this text is invented for training and is not a real statement.\n\nThe co-chairs of the Africa Focus Group welcomed the ministers in Marrakech and presented the group’s first report.\n\nThey called on members to record their capacity-building projects, so that efforts are coordinated and not duplicated.',
      'EXERCICE — ce texte est inventé pour l’entraînement et n’est pas une déclaration réelle.\n\nLes coprésidents du groupe Afrique ont accueilli les ministres à Marrakech et présenté le premier rapport du groupe.\n\nIls ont appelé les membres à enregistrer leurs projets de renforcement des capacités, afin que les efforts soient coordonnés et non dupliqués.',
      'تمرين — هذا النص مختلق لأغراض التدريب وليس بيانا حقيقيا.\n\nرحب الرؤساء المشاركون لمجموعة النقاش المركزة حول إفريقيا بالوزراء في مراكش وقدموا التقرير الأول للمجموعة.\n\nودعوا الأعضاء إلى تسجيل مشاريعهم في مجال تعزيز القدرات، حتى تكون الجهود منسقة وغير مكررة.',
    ),
    { at: '2022-05-11T17:30:00.000Z', approvers: ['MA', 'US', 'IT', 'NE'] },
  );
  await communique(
    ctx,
    'NE',
    T(
      'Joint communiqué on the Niamey action plan',
      'Communiqué conjoint sur le plan d’action de Niamey',
      'بيان مشترك حول خطة عمل نيامي',
    ),
    T(
      'EXERCISE — this text is invented for training and is not a real statement.\n\nMeeting in Niamey, the group adopted its action plan for 2023–2024, in five lines of effort.',
      'EXERCICE — ce texte est inventé pour l’entraînement et n’est pas une déclaration réelle.\n\nRéuni à Niamey, le groupe a adopté son plan d’action 2023-2024, en cinq axes.',
      'تمرين — هذا النص مختلق لأغراض التدريب وليس بيانا حقيقيا.\n\nاعتمدت المجموعة، المجتمعة في نيامي، خطة عملها للفترة 2023-2024 في خمسة محاور.',
    ),
    { at: '2023-03-15T12:00:00.000Z', approvers: ['NE', 'MA', 'IT', 'US'] },
  );
  await communique(
    ctx,
    'IT',
    T(
      'Joint communiqué on the review of the action plan',
      'Communiqué conjoint sur le bilan du plan d’action',
      'بيان مشترك حول حصيلة خطة العمل',
    ),
    T(
      'EXERCISE — draft text invented for training.\n\nThe co-chairs reviewed the implementation of the action plan.',
      'EXERCICE — projet de texte inventé pour l’entraînement.\n\nLes coprésidents ont fait le bilan de la mise en œuvre du plan d’action.',
      'تمرين — مشروع نص مختلق لأغراض التدريب.\n\nاستعرض الرؤساء المشاركون حصيلة تنفيذ خطة العمل.',
    ),
    { draftApprovers: ['IT', 'MA'] },
  );
}
