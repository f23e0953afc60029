import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { MembersTable, UsersTable } from '../db/schema.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { projectWaiting } from '../exchange/projector.ts';
import type { Audience } from '../policy/sharing.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { addChairTerm, addGroup, addMember, setMembership } from '../admin/admin.service.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertUser } from '../accounts/users.repository.ts';
import { groupBySlug, memberByCode } from '../members/members.repository.ts';
import type { Names } from '../members/members.service.ts';
import { systemActor } from '../policy/viewer.ts';
import { demoGroupIds, loadPictureDemo } from '../picture/picture.demo.ts';
import { loadKnowledgeDemo } from '../knowledge/knowledge.demo.ts';
import { loadCoordinationDemo } from '../coordination/demo.ts';
import { loadSearchDemo } from '../search/search.demo.ts';
import { markEverythingSeen } from '../notifications/notifications.service.ts';

/**
 * The demo coalition. EXERCISE DATA: the members, the group and its chair terms are real facts;
 * every report, incident and analysis below is invented for training and labelled so.
 */
const MEMBERS: {
  code: string;
  iso2: string | null;
  kind: 'state' | 'organisation';
  names: Names;
}[] = [
  { code: 'MA', iso2: 'MA', kind: 'state', names: { ar: 'المغرب', fr: 'Maroc', en: 'Morocco' } },
  {
    code: 'US',
    iso2: 'US',
    kind: 'state',
    names: { ar: 'الولايات المتحدة', fr: 'États-Unis', en: 'United States' },
  },
  { code: 'IT', iso2: 'IT', kind: 'state', names: { ar: 'إيطاليا', fr: 'Italie', en: 'Italy' } },
  { code: 'NE', iso2: 'NE', kind: 'state', names: { ar: 'النيجر', fr: 'Niger', en: 'Niger' } },
  {
    code: 'SA',
    iso2: 'SA',
    kind: 'state',
    names: { ar: 'المملكة العربية السعودية', fr: 'Arabie saoudite', en: 'Saudi Arabia' },
  },
  { code: 'NG', iso2: 'NG', kind: 'state', names: { ar: 'نيجيريا', fr: 'Nigeria', en: 'Nigeria' } },
  { code: 'TD', iso2: 'TD', kind: 'state', names: { ar: 'تشاد', fr: 'Tchad', en: 'Chad' } },
  {
    code: 'CM',
    iso2: 'CM',
    kind: 'state',
    names: { ar: 'الكاميرون', fr: 'Cameroun', en: 'Cameroon' },
  },
  { code: 'KE', iso2: 'KE', kind: 'state', names: { ar: 'كينيا', fr: 'Kenya', en: 'Kenya' } },
  {
    code: 'MR',
    iso2: 'MR',
    kind: 'state',
    names: { ar: 'موريتانيا', fr: 'Mauritanie', en: 'Mauritania' },
  },
  {
    code: 'BF',
    iso2: 'BF',
    kind: 'state',
    names: { ar: 'بوركينا فاسو', fr: 'Burkina Faso', en: 'Burkina Faso' },
  },
  { code: 'TG', iso2: 'TG', kind: 'state', names: { ar: 'توغو', fr: 'Togo', en: 'Togo' } },
  { code: 'GN', iso2: 'GN', kind: 'state', names: { ar: 'غينيا', fr: 'Guinée', en: 'Guinea' } },
  { code: 'FR', iso2: 'FR', kind: 'state', names: { ar: 'فرنسا', fr: 'France', en: 'France' } },
  {
    code: 'UNOCT',
    iso2: null,
    kind: 'organisation',
    names: {
      ar: 'مكتب الأمم المتحدة لمكافحة الإرهاب',
      fr: 'Bureau des Nations Unies de lutte contre le terrorisme',
      en: 'United Nations Office of Counter-Terrorism',
    },
  },
];

export const DEMO_GROUP = 'africa-focus-group';
const GROUP_MEMBERS = [
  'MA',
  'US',
  'IT',
  'NE',
  'SA',
  'NG',
  'TD',
  'CM',
  'KE',
  'MR',
  'BF',
  'TG',
  'GN',
];
const CHAIR_TERMS: [string, string, string | null][] = [
  ...['MA', 'US', 'IT', 'NE'].map(
    (c) => [c, '2021-12-02', '2023-11-15'] as [string, string, string],
  ),
  ...['IT', 'MA', 'SA', 'US'].map((c) => [c, '2023-11-15', null] as [string, string, null]),
];

export interface DemoLogins {
  password: string;
  usernames: string[];
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function loadDemo(db: Db, password: string): Promise<DemoLogins> {
  const members = new Map<string, MembersTable>();
  for (const m of MEMBERS) members.set(m.code, await addMember(db, null, m));
  await addGroup(db, null, {
    slug: DEMO_GROUP,
    names: {
      ar: 'مجموعة النقاش المركزة حول إفريقيا',
      fr: 'Africa Focus Group (groupe Afrique)',
      en: 'Africa Focus Group',
    },
  });
  for (const code of GROUP_MEMBERS)
    await setMembership(db, null, DEMO_GROUP, code, 'member', { create: true });
  await setMembership(db, null, DEMO_GROUP, 'UNOCT', 'observer', { create: true });
  for (const [member, from, to] of CHAIR_TERMS)
    await addChairTerm(db, null, DEMO_GROUP, { member, from, to });

  // One hash for the one demo password: hashing it per user would only slow the start.
  const hash = await hashPassword(password);
  const now = new Date().toISOString();
  const users: Pick<UsersTable, 'username' | 'role' | 'member_id' | 'locale'>[] = [
    { username: 'admin', role: 'instance_admin', member_id: members.get('MA')!.id, locale: 'en' },
    ...MEMBERS.filter((m) => m.iso2).map((m) => ({
      username: `analyst-${m.iso2!.toLowerCase()}`,
      role: 'analyst' as const,
      member_id: members.get(m.code)!.id,
      locale: (['MA', 'SA', 'MR', 'TD'].includes(m.code)
        ? 'ar'
        : ['FR', 'NE', 'CM', 'BF', 'TG', 'GN'].includes(m.code)
          ? 'fr'
          : 'en') as UsersTable['locale'],
    })),
    { username: 'reader-ma', role: 'reader', member_id: members.get('MA')!.id, locale: 'ar' },
    { username: 'admin-ne', role: 'member_admin', member_id: members.get('NE')!.id, locale: 'fr' },
  ];
  for (const u of users) {
    await insertUser(db, {
      ...u,
      id: randomUUID(),
      region: null,
      password_hash: hash,
      disabled: 0,
      totp_secret: null,
      totp_pending: null,
      totp_last_step: null,
      created_at: now,
    });
  }
  await loadDemoObjects(db);
  await loadPictureDemo(db, DEMO_GROUP);
  await loadKnowledgeDemo(db);
  await loadCoordinationDemo(db, DEMO_GROUP);
  await loadSearchDemo(db);
  // The members' identities were stored inside the changes that added them: their projections too.
  await projectWaiting(db);
  // The demo's own content is where its users start from, not news to them.
  await markEverythingSeen(db);
  return { password, usernames: users.map((u) => u.username) };
}

const EXERCISE = ['exercise'];

function stamp(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString();
}

async function put(
  db: Db,
  code: string,
  objects: Record<string, unknown>[],
  audience: Audience,
  tlp: TlpLevel,
  federate: boolean,
): Promise<void> {
  const member = await memberByCode(db, code);
  await storeObjects(db, systemActor(member!), {
    objects,
    audience,
    federate,
    tlp,
    source: 'demo',
  });
}

/** A handful of invented objects across every TLP level and audience kind, labelled EXERCISE. */
async function loadDemoObjects(db: Db): Promise<void> {
  const group = (await groupBySlug(db, DEMO_GROUP))!.id;
  const afg: Audience = { kind: 'group', groupId: group, slug: DEMO_GROUP };
  // The groups themselves (names in three languages, public facts) come with the threat picture.
  const { iswap, jnim } = (await demoGroupIds(db, DEMO_GROUP)) as Record<'iswap' | 'jnim', string>;
  const common = (days: number) => ({
    spec_version: '2.1',
    created: stamp(days),
    modified: stamp(days),
    labels: EXERCISE,
  });
  const incident = `incident--${randomUUID()}`;
  await put(
    db,
    'NG',
    [
      {
        type: 'incident',
        id: incident,
        ...common(12),
        name: '[EXERCISE] Attack on a checkpoint near Maiduguri',
        description: 'Invented incident for the exercise; not a real event.',
      },
      {
        type: 'relationship',
        id: `relationship--${randomUUID()}`,
        ...common(12),
        relationship_type: 'attributed-to',
        source_ref: incident,
        target_ref: iswap,
      },
    ],
    { kind: 'coalition' },
    'green',
    true,
  );
  const report = (days: number, name: string, refs: string[], lang: string) => ({
    type: 'report',
    id: `report--${randomUUID()}`,
    ...common(days),
    name,
    lang,
    published: stamp(days),
    report_types: ['threat-report'],
    object_refs: refs,
    description: 'EXERCISE DATA: invented for training, not a real assessment.',
  });
  await put(
    db,
    'NE',
    [
      report(
        9,
        '[EXERCICE] Bilan trimestriel de la menace dans la région de Tillabéri',
        [jnim],
        'fr',
      ),
    ],
    afg,
    'amber',
    true,
  );
  await put(
    db,
    'US',
    [report(7, '[EXERCISE] Financing networks of ISWAP around Lake Chad', [iswap], 'en')],
    afg,
    'amber+strict',
    false,
  );
  const ne = (await memberByCode(db, 'NE'))!;
  const us = (await memberByCode(db, 'US'))!;
  await put(
    db,
    'MA',
    [
      report(
        5,
        '[تمرين] تقييم سري لتحركات جماعة نصرة الإسلام والمسلمين في منطقة الساحل',
        [jnim],
        'ar',
      ),
    ],
    { kind: 'recipients', memberIds: [ne.id, us.id], codes: ['NE', 'US'] },
    'red',
    false,
  );
  await put(
    db,
    'FR',
    [report(3, '[EXERCICE] Note interne sur le Sahel central', [jnim], 'fr')],
    { kind: 'member' },
    'amber',
    false,
  );
}
