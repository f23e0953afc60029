import type { Kysely } from 'kysely';

/**
 * Coordination (issue 10): the capacity-building register (projects, their countries, domains,
 * sectors and parties; needs and the projects that answer them), meetings (agenda, participants,
 * decisions, action items, linked reports), calendar feeds and joint communiqués with approvals.
 * Projects, needs, meetings and communiqués carry the sharing envelope and a recipients table.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The envelope columns every shared record carries (see policy/access.ts). */
function envelopeTable(db: AnyDb, table: string) {
  return db.schema
    .createTable(table)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_group_id', 'text', (c) => c.references('working_groups.id'))
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('federate', 'integer', (c) => c.notNull().defaultTo(0));
}

async function recipientsTable(db: AnyDb, table: string, key: string, parent: string) {
  await db.schema
    .createTable(table)
    .addColumn(key, 'text', (c) => c.notNull().references(`${parent}.id`).onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addPrimaryKeyConstraint(`${table}_pk`, [key, 'member_id'])
    .execute();
  await db.schema.createIndex(`${table}_member`).on(table).columns(['member_id']).execute();
}

/** Text in the three working languages, one plain column each (easy to index for search). */
const LANGS = ['ar', 'fr', 'en'] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('coordination_domains')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('coordination_domains')
    .values(
      INITIAL_DOMAINS.map(([key, en, fr, ar], position) => ({
        key,
        name_ar: ar,
        name_fr: fr,
        name_en: en,
        // `other` stays last whatever is added later.
        position: key === 'other' ? 10_000 : (position + 1) * 10,
        created_at: now,
      })),
    )
    .execute();

  let projects = envelopeTable(db, 'projects');
  for (const l of LANGS) projects = projects.addColumn(`title_${l}`, 'text');
  for (const l of LANGS) projects = projects.addColumn(`description_${l}`, 'text');
  await projects
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('budget', 'double precision')
    .addColumn('currency', 'text')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('iati_identifier', 'text')
    .addColumn('iati_reporting_org_ref', 'text')
    .addColumn('iati_reporting_org_name', 'text')
    .addColumn('iati_hash', 'text')
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One register entry per IATI activity and publishing member: re-importing updates it.
  await db.schema
    .createIndex('projects_iati')
    .unique()
    .on('projects')
    .columns(['owner_id', 'iati_identifier'])
    .execute();
  await db.schema.createIndex('projects_period').on('projects').columns(['starts_on']).execute();
  await recipientsTable(db, 'project_recipients', 'project_id', 'projects');

  const child = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('project_id', 'text', (c) =>
        c.notNull().references('projects.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull());
  await child('project_countries')
    .addColumn('iso2', 'text', (c) => c.notNull())
    .addColumn('admin1', 'text')
    .addColumn('percentage', 'double precision')
    .addPrimaryKeyConstraint('project_countries_pk', ['project_id', 'position'])
    .execute();
  await db.schema
    .createIndex('project_countries_iso2')
    .on('project_countries')
    .columns(['iso2', 'project_id'])
    .execute();
  await child('project_regions')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('percentage', 'double precision')
    .addPrimaryKeyConstraint('project_regions_pk', ['project_id', 'position'])
    .execute();
  await db.schema
    .createTable('project_domains')
    .addColumn('project_id', 'text', (c) =>
      c.notNull().references('projects.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (c) => c.notNull().references('coordination_domains.key'))
    .addPrimaryKeyConstraint('project_domains_pk', ['project_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('project_domains_domain')
    .on('project_domains')
    .columns(['domain', 'project_id'])
    .execute();
  await child('project_sectors')
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('percentage', 'double precision')
    .addColumn('narrative', 'text')
    .addPrimaryKeyConstraint('project_sectors_pk', ['project_id', 'position'])
    .execute();
  await child('project_parties')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.references('members.id'))
    .addColumn('name', 'text')
    .addColumn('ref', 'text')
    .addPrimaryKeyConstraint('project_parties_pk', ['project_id', 'position'])
    .execute();
  await db.schema
    .createIndex('project_parties_member')
    .on('project_parties')
    .columns(['member_id', 'role'])
    .execute();

  let needs = envelopeTable(db, 'needs');
  for (const l of LANGS) needs = needs.addColumn(`title_${l}`, 'text');
  for (const l of LANGS) needs = needs.addColumn(`description_${l}`, 'text');
  await needs
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('admin1', 'text')
    .addColumn('domain', 'text', (c) => c.notNull().references('coordination_domains.key'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('needs_cell').on('needs').columns(['country', 'domain']).execute();
  await recipientsTable(db, 'need_recipients', 'need_id', 'needs');
  await db.schema
    .createTable('need_projects')
    .addColumn('need_id', 'text', (c) => c.notNull().references('needs.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) =>
      c.notNull().references('projects.id').onDelete('cascade'),
    )
    .addColumn('answered_by', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('need_projects_pk', ['need_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('need_projects_project')
    .on('need_projects')
    .columns(['project_id'])
    .execute();

  let meetings = envelopeTable(db, 'meetings').addColumn('group_id', 'text', (c) =>
    c.notNull().references('working_groups.id'),
  );
  for (const l of LANGS) meetings = meetings.addColumn(`title_${l}`, 'text');
  for (const l of LANGS) meetings = meetings.addColumn(`minutes_${l}`, 'text');
  await meetings
    .addColumn('local_start', 'text', (c) => c.notNull())
    .addColumn('local_end', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meetings_group')
    .on('meetings')
    .columns(['group_id', 'starts_at'])
    .execute();
  await recipientsTable(db, 'meeting_recipients', 'meeting_id', 'meetings');
  const part = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('meeting_id', 'text', (c) =>
        c.notNull().references('meetings.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull());
  let agenda = part('meeting_agenda');
  for (const l of LANGS) agenda = agenda.addColumn(`title_${l}`, 'text');
  await agenda
    .addColumn('presenter_member_id', 'text', (c) => c.references('members.id'))
    .addColumn('presenter_name', 'text')
    .addPrimaryKeyConstraint('meeting_agenda_pk', ['meeting_id', 'position'])
    .execute();
  await part('meeting_participants')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('presence', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_participants_pk', ['meeting_id', 'position'])
    .execute();
  let decisions = part('meeting_decisions');
  for (const l of LANGS) decisions = decisions.addColumn(`text_${l}`, 'text');
  await decisions
    .addPrimaryKeyConstraint('meeting_decisions_pk', ['meeting_id', 'position'])
    .execute();
  let actions = db.schema
    .createTable('meeting_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull());
  for (const l of LANGS) actions = actions.addColumn(`text_${l}`, 'text');
  await actions
    .addColumn('owner_member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_actions_owner')
    .on('meeting_actions')
    .columns(['owner_member_id', 'status', 'due_on'])
    .execute();
  await db.schema
    .createIndex('meeting_actions_meeting')
    .on('meeting_actions')
    .columns(['meeting_id', 'position'])
    .execute();
  await db.schema
    .createTable('meeting_reports')
    .addColumn('meeting_id', 'text', (c) =>
      c.notNull().references('meetings.id').onDelete('cascade'),
    )
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_reports_pk', ['meeting_id', 'stix_id'])
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('calendar_feeds_user')
    .on('calendar_feeds')
    .columns(['user_id'])
    .execute();

  let communiques = envelopeTable(db, 'communiques').addColumn('group_id', 'text', (c) =>
    c.notNull().references('working_groups.id'),
  );
  for (const l of LANGS) communiques = communiques.addColumn(`title_${l}`, 'text');
  for (const l of LANGS) communiques = communiques.addColumn(`body_${l}`, 'text');
  await communiques
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .execute();
  await db.schema
    .createIndex('communiques_published')
    .on('communiques')
    .columns(['status', 'published_at'])
    .execute();
  await recipientsTable(db, 'communique_recipients', 'communique_id', 'communiques');
  await db.schema
    .createTable('communique_approvals')
    .addColumn('communique_id', 'text', (c) =>
      c.notNull().references('communiques.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('communique_approvals_pk', ['communique_id', 'member_id'])
    .execute();
}

/**
 * The domains of capacity-building the group started with (key, en, fr, ar); instance admins add
 * more as the group needs them. `other` holds what no domain describes (unmapped IATI sectors).
 */
const INITIAL_DOMAINS: [string, string, string, string][] = [
  ['border_security', 'Border security', 'Sécurité des frontières', 'أمن الحدود'],
  [
    'criminal_justice',
    'Criminal justice and prosecution',
    'Justice pénale et poursuites',
    'العدالة الجنائية والملاحقة القضائية',
  ],
  [
    'terrorist_financing',
    'Countering the financing of terrorism',
    'Lutte contre le financement du terrorisme',
    'مكافحة تمويل الإرهاب',
  ],
  [
    'violent_extremism',
    'Prevention of violent extremism',
    'Prévention de l’extrémisme violent',
    'الوقاية من التطرف العنيف',
  ],
  [
    'rehabilitation',
    'Rehabilitation and reintegration',
    'Réhabilitation et réintégration',
    'إعادة التأهيل وإعادة الإدماج',
  ],
  [
    'law_enforcement',
    'Law enforcement and investigation',
    'Application de la loi et enquêtes',
    'إنفاذ القانون والتحقيق',
  ],
  [
    'information_sharing',
    'Information sharing and analysis',
    'Partage d’informations et analyse',
    'تبادل المعلومات والتحليل',
  ],
  [
    'aviation_maritime',
    'Aviation and maritime security',
    'Sûreté aérienne et maritime',
    'أمن الطيران والأمن البحري',
  ],
  [
    'legal_frameworks',
    'Counter-terrorism legislation',
    'Cadre juridique antiterroriste',
    'التشريعات المتعلقة بمكافحة الإرهاب',
  ],
  [
    'online_content',
    'Countering terrorist use of the internet',
    'Lutte contre l’utilisation d’internet à des fins terroristes',
    'التصدي لاستخدام الإرهابيين للإنترنت',
  ],
  ['victims_support', 'Support to victims', 'Soutien aux victimes', 'دعم الضحايا'],
  ['other', 'Other', 'Autre', 'مجالات أخرى'],
];
