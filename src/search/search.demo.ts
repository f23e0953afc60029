import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { memberByCode } from '../members/members.repository.ts';
import { systemActor } from '../policy/viewer.ts';

/**
 * Demo content that shows what search does. EXERCISE DATA: the places are real, their names in
 * three languages are how the press writes them; the report is invented.
 */
const PLACES: { fr: string; en: string; ar: string; country: string }[] = [
  { fr: 'Tillabéri', en: 'Tillaberi', ar: 'تيلابيري', country: 'NE' },
  { fr: 'Diffa', en: 'Diffa', ar: 'ديفا', country: 'NE' },
  { fr: 'Maiduguri', en: 'Maiduguri', ar: 'مايدوغوري', country: 'NG' },
  { fr: 'Ménaka', en: 'Menaka', ar: 'ميناكا', country: 'ML' },
  { fr: 'Lac Tchad', en: 'Lake Chad', ar: 'بحيرة تشاد', country: 'TD' },
];

const stamp = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

async function put(db: Db, code: string, objects: Record<string, unknown>[]): Promise<void> {
  const member = (await memberByCode(db, code))!;
  await storeObjects(db, systemActor(member), {
    objects,
    audience: { kind: 'coalition' },
    federate: true,
    tlp: 'green',
    source: 'demo',
  });
}

/** Places with their names in three languages (a location and its translations), and a report in
 * Arabic written the way the press writes it. */
export async function loadSearchDemo(db: Db): Promise<void> {
  const common = (days: number) => ({
    spec_version: '2.1',
    created: stamp(days),
    modified: stamp(days),
    labels: ['exercise'],
  });
  const places: Record<string, unknown>[] = [];
  for (const p of PLACES) {
    const id = `location--${randomUUID()}`;
    places.push(
      { type: 'location', id, ...common(60), name: p.fr, lang: 'fr', country: p.country },
      {
        type: 'language-content',
        id: `language-content--${randomUUID()}`,
        ...common(60),
        object_ref: id,
        object_modified: stamp(60),
        contents: { ar: { name: p.ar }, en: { name: p.en } },
      },
    );
  }
  await put(db, 'NE', places);

  await put(db, 'MA', [
    {
      type: 'report',
      id: `report--${randomUUID()}`,
      ...common(4),
      name: '[تمرين] نشاط الجماعات الإرهابية في منطقة تيلابيري',
      lang: 'ar',
      published: stamp(4),
      report_types: ['threat-report'],
      object_refs: [`identity--${randomUUID()}`],
      description:
        'بيانات تمرين مختلَقة للتدريب، ليست أحداثاً حقيقية. قُتِلَ ثلاثةُ جنودٍ في هجومٍ على نقطةِ تفتيشٍ، ' +
        'وتبنّت الجماعةُ الإرهابيّةُ الهجومَ في بيانٍ نُشر يوم ٢٠ من الشهر.',
    },
  ]);
}
