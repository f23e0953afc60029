import type { EventType } from '../../../contract/ingest.ts';
import { PhraseMatcher } from '../matcher.ts';
import type { CasualtyHit } from './casualties.ts';
import type { Context } from './context.ts';

/**
 * Incidents: the events of violence an article reports. A sentence with an event word ("هجوم",
 * "attaque", "ambush") and something concrete (a place, a date, a group or casualties) opens an
 * incident, unless it continues the current one (no new place nor date); a sentence with casualties
 * only ("the army confirmed 4 soldiers killed") adds them to the incident before it.
 */

type Trigger = { type: EventType | null };

let triggers: PhraseMatcher<Trigger> | null = null;

function build(): PhraseMatcher<Trigger> {
  if (triggers) return triggers;
  const m = new PhraseMatcher<Trigger>();
  const add = (words: string[], type: EventType | null) => {
    for (const w of words) m.add(w, { type }, { capital: false });
  };
  add(
    [
      'attack',
      'attacks',
      'attacked',
      'assault',
      'raid',
      'raided',
      'ambush',
      'ambushed',
      'clashes',
      'clash',
      'offensive',
      'overran',
      'stormed',
      'incursion',
      'attaque',
      'attaques',
      'attaqué',
      'assaut',
      'embuscade',
      'affrontements',
      'combats',
      'incursion',
      'offensive',
      'raid',
      'هجوم',
      'هجوما',
      'هجومين',
      'هجمات',
      'الهجوم',
      'الهجمات',
      'هجومًا',
      'كمين',
      'كمينا',
      'اشتباكات',
      'اشتباك',
      'معارك',
      'مواجهات',
      'اقتحام',
      'اقتحم',
      'شن',
      'شنت',
      'شنه',
      'هاجم',
      'هاجمت',
      'هاجموا',
      'استهدف',
      'استهدفت',
      'غزو',
    ],
    null,
  );
  add(
    [
      'explosion',
      'blast',
      'bombing',
      'bomb',
      'IED',
      'improvised explosive device',
      'suicide bomber',
      'airstrike',
      'air strike',
      'drone strike',
      'shelling',
      'mortar',
      'landmine',
      'explosion',
      'attentat',
      'engin explosif',
      'engin explosif improvisé',
      'kamikaze',
      'frappe',
      'frappes',
      'bombardement',
      "tirs d'obus",
      'frappe aérienne',
      'frappe de drone',
      'تفجير',
      'انفجار',
      'عبوة ناسفة',
      'عبوة',
      'انتحاري',
      'غارة',
      'غارات',
      'قصف',
      'لغم',
      'طائرة مسيرة',
      'سيارة مفخخة',
    ],
    'explosions_remote_violence',
  );
  add(
    [
      'kidnapping',
      'kidnapped',
      'abduction',
      'abducted',
      'massacre',
      'massacred',
      'executed',
      'enlèvement',
      'enlevés',
      'massacre',
      'tuerie',
      'exécutés',
      'اختطاف',
      'خطف',
      'مجزرة',
      'مذبحة',
      'إعدام',
    ],
    'violence_against_civilians',
  );
  triggers = m;
  return m;
}

/** A sentence that speaks again of the event just reported. */
const ANAPHORA =
  /(^|[\s،,(])(ال|وال|فال)(هجوم|كمين|اعتداء|تفجير|عملية الإرهابية)(?=[\s،,.]|$)|\b(the|this) (attack|ambush|assault|bombing|raid)\b|\b(l'|cette |ladite )(attaque|embuscade|assaut|explosion)\b/i;

/** Words that say the victims were civilians: ACLED's violence against civilians. */
const CIVILIAN =
  /civil|villag|nomad|farmer|worshipp|fidèle|éleveur|herder|مدني|قروي|البدو|رعاة|مصلين|مزارعين|المواطنين/i;

export interface SentenceFacts {
  sentence: number;
  paragraph: number;
  start: number;
  end: number;
  trigger: EventType | null | undefined;
  /** Offset of the event word, when the sentence has one. */
  triggerAt?: number;
  /** Its tokens: `first` to `last` (exclusive). */
  first: number;
  last: number;
  places: number[];
  /** Where in the sentence each place is named (token index). */
  placeTokens: number[];
  dates: number[];
  groups: number[];
  casualties: CasualtyHit[];
}

export interface IncidentDraft {
  sentences: SentenceFacts[];
  eventType: EventType;
}

/** Groups the facts found in each sentence into incidents. */
export function groupIncidents(ctx: Context, facts: SentenceFacts[]): IncidentDraft[] {
  const out: IncidentDraft[] = [];
  let current: IncidentDraft | null = null;
  for (const s of facts) {
    const hasTrigger = s.trigger !== undefined;
    const concrete = s.places.length + s.dates.length + s.groups.length + s.casualties.length > 0;
    if (!hasTrigger && s.casualties.length === 0) continue;
    // An event word with only a group is background ("the area sees clashes between JNIM and …").
    if (hasTrigger && !concrete) continue;
    const factual = s.casualties.length + s.places.length + s.dates.length > 0;
    const lastOfCurrent = current?.sentences[current.sentences.length - 1];
    const near = !!lastOfCurrent && s.paragraph - lastOfCurrent.paragraph <= 2;
    const knownPlaces = new Set(current?.sentences.flatMap((x) => x.places) ?? []);
    const newPlace = s.places.some((p) => !knownPlaces.has(p));
    // A sentence goes on with the current incident when it names no new place nor a date of its own.
    // "the attack took place on Tuesday 11 June": a date in a sentence that speaks of the same event.
    const sameEvent = ANAPHORA.test(ctx.text.slice(s.start, s.end));
    const continues = current && near && !newPlace && (s.dates.length === 0 || sameEvent);
    if (continues && current) {
      current.sentences.push(s);
      if (s.trigger && current.eventType === 'battles') current.eventType = s.trigger;
      continue;
    }
    // Only a sentence with a place, a date or casualties opens an incident.
    if (!factual) continue;
    current = { sentences: [s], eventType: s.trigger ?? 'battles' };
    out.push(current);
  }
  for (const incident of out) {
    const text = incident.sentences.map((s) => ctx.text.slice(s.start, s.end)).join(' ');
    if (incident.eventType === 'battles' && CIVILIAN.test(text))
      incident.eventType = 'violence_against_civilians';
  }
  return out;
}

/** The event word a sentence holds (and its ACLED type when the word tells it), if any. */
export function sentenceTrigger(
  ctx: Context,
  from: number,
  to: number,
): { type: EventType | null; start: number } | undefined {
  const m = build();
  let found: { type: EventType | null; start: number } | undefined;
  for (let i = from; i < to; i += 1) {
    const t = ctx.tokens[i]!;
    if (t.script === 'punct' || t.script === 'num') continue;
    const hit = m.at(ctx.tokens, i);
    if (!hit) continue;
    if (hit.value.type) return { type: hit.value.type, start: found?.start ?? hit.start };
    found ??= { type: null, start: hit.start };
  }
  return found;
}
