import { TLP2_MARKING_IDS, type TlpLevel } from '../src/stix/tlp.ts';

/**
 * Deterministic EXERCISE DATA for the benchmarks: valid STIX 2.1 reports, incidents, indicators and
 * relationships of realistic sizes. The same (seed, batch) always gives the same JSON text, so the
 * store and the raw baseline import exactly the same bytes.
 */

/** mulberry32: small, fast, good enough to vary the data. */
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

const HEX = '0123456789abcdef';
const PLACES = [
  'Maiduguri',
  'Diffa',
  'Tillabéri',
  'Ménaka',
  'Gao',
  'Mopti',
  'Kousseri',
  'Bol',
  'Djibo',
  'Dapaong',
  'Mandera',
  'Lamu',
];
const WORDS = [
  'checkpoint',
  'convoy',
  'market',
  'patrol',
  'village',
  'road',
  'crossing',
  'camp',
  'border post',
  'supply route',
  'financing',
  'recruitment',
  'logistics',
  'communications',
  'movement',
  'network',
  'cell',
  'courier',
  'transfer',
  'propaganda',
];
const ARABIC = [
  'تقييم',
  'تحركات',
  'منطقة',
  'الساحل',
  'هجوم',
  'نقطة',
  'تفتيش',
  'شبكة',
  'تمويل',
  'تمرين',
];
const FRENCH = [
  'évaluation',
  'mouvements',
  'région',
  'attaque',
  'poste',
  'contrôle',
  'réseau',
  'financement',
  'exercice',
  'trimestriel',
];
const RELATIONSHIPS = ['indicates', 'related-to', 'attributed-to', 'targets', 'uses', 'located-at'];

export interface ExerciseBatch {
  /** The batch as a client would send it: a JSON array of objects. */
  text: string;
  count: number;
}

export class ExerciseObjects {
  /** Ids stored by earlier batches, so references point at real objects. */
  private readonly recent: string[] = [];
  private readonly base = Date.UTC(2025, 0, 1);

  constructor(private readonly seed: number) {}

  batch(index: number, size: number, tlp: TlpLevel): ExerciseBatch {
    const r = random(this.seed * 1_000_003 + index);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
    const uuid = () => {
      let s = '';
      for (let i = 0; i < 32; i += 1) s += HEX[Math.floor(r() * 16)];
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20)}`;
    };
    const words = (n: number, from: readonly string[] = WORDS) =>
      Array.from({ length: n }, () => pick(from)).join(' ');
    const stamp = (offsetMs: number) => new Date(this.base + offsetMs).toISOString();
    const marking = [TLP2_MARKING_IDS[tlp]];
    const author = `identity--${uuid()}`;
    const objects: Record<string, unknown>[] = [];
    const ids: string[] = [];
    const ref = () =>
      this.recent.length > 0 && r() < 0.7
        ? pick(this.recent)
        : ids.length > 0
          ? pick(ids)
          : `incident--${uuid()}`;

    for (let i = 0; i < size; i += 1) {
      const created = stamp(index * 3_600_000 + i * 1000 + Math.floor(r() * 999));
      const modified = r() < 0.3 ? stamp(index * 3_600_000 + i * 1000 + 5000) : created;
      const common = {
        spec_version: '2.1',
        created,
        modified,
        created_by_ref: author,
        labels: ['exercise'],
        object_marking_refs: marking,
      };
      const roll = r();
      let o: Record<string, unknown>;
      if (roll < 0.35) {
        o = {
          type: 'indicator',
          id: `indicator--${uuid()}`,
          ...common,
          name: `[EXERCISE] ${words(3)} near ${pick(PLACES)}`,
          description: `EXERCISE DATA: invented indicator. ${words(25)}.`,
          indicator_types: [pick(['malicious-activity', 'attribution', 'anomalous-activity'])],
          pattern: `[domain-name:value = '${uuid().slice(0, 12)}.example.org'] OR [ipv4-addr:value = '198.51.100.${Math.floor(r() * 255)}']`,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: created,
          kill_chain_phases: [
            {
              kill_chain_name: 'exercise-chain',
              phase_name: pick(['reconnaissance', 'delivery', 'action']),
            },
          ],
        };
      } else if (roll < 0.55) {
        o = {
          type: 'incident',
          id: `incident--${uuid()}`,
          ...common,
          name: `[EXERCISE] Attack on a ${pick(WORDS)} near ${pick(PLACES)}`,
          description: `EXERCISE DATA: invented incident, not a real event. ${words(80)}.`,
          external_references: [
            {
              source_name: 'exercise-log',
              external_id: `EX-${index}-${i}`,
              url: `https://exercise.example.org/incidents/${index}/${i}`,
            },
          ],
        };
      } else if (roll < 0.65) {
        const refs = Array.from({ length: 3 + Math.floor(r() * 15) }, ref);
        o = {
          type: 'report',
          id: `report--${uuid()}`,
          ...common,
          name: `[EXERCISE] ${words(5)} — ${pick(PLACES)}`,
          lang: pick(['en', 'fr', 'ar']),
          published: modified,
          report_types: ['threat-report'],
          object_refs: refs,
          description: `EXERCISE DATA: invented for training, not a real assessment. ${words(150)} ${words(30, FRENCH)} ${words(30, ARABIC)}.`,
        };
      } else {
        o = {
          type: 'relationship',
          id: `relationship--${uuid()}`,
          ...common,
          relationship_type: pick(RELATIONSHIPS),
          source_ref: ref(),
          target_ref: ref(),
          description: `EXERCISE DATA: ${words(8)}.`,
        };
      }
      objects.push(o);
      ids.push(o.id as string);
    }
    this.recent.splice(0, this.recent.length, ...ids.slice(-200));
    return { text: JSON.stringify(objects), count: size };
  }
}
