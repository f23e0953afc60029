import { randomUUID } from 'node:crypto';
import type { FactWarning, Incident, IncidentInput } from '../../contract/picture.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { getObject } from '../exchange/objects.read.ts';
import { storeObjects, type ObjectSource } from '../exchange/objects.service.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import { memberById } from '../members/members.repository.ts';
import type { Audience } from '../policy/sharing.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { canWrite } from '../policy/roles.ts';
import { INCIDENT_EXTENSION_ID, tansiqIdentity, type IncidentFacts } from '../stix/extensions.ts';
import { TLP2_MARKING_IDS, type TlpLevel } from '../stix/tlp.ts';
import { versionKey } from '../stix/timestamp.ts';
import { countryName } from './countries.ts';
import {
  entryProblems,
  factProblems,
  factWarnings,
  plainFacts,
  incidentExtensionDefinition,
  readFacts,
} from './facts.ts';
import { namesOf, visibleGroups } from './groups.service.ts';
import { isStored } from './picture.repository.ts';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Publishes the incident extension definition and the Tansiq identity that authors it (fixed ids
 * and versions, coalition-wide, TLP:CLEAR, federable), so they are served like any object over
 * REST and TAXII. Done at demo load and before the first incident a member writes; a repeat is a
 * duplicate and changes nothing.
 */
export async function publishIncidentExtension(db: Db, actor: Actor): Promise<void> {
  const definition = incidentExtensionDefinition();
  if (await isStored(db, definition.id as string, versionKey(definition.modified as string)))
    return;
  await storeObjects(db, actor, {
    objects: [tansiqIdentity(), definition],
    audience: { kind: 'coalition' },
    federate: true,
    tlp: 'clear',
    source: 'system',
  });
}

const EVENT_LABELS: Record<string, string> = {
  battles: 'Battle',
  explosions_remote_violence: 'Explosion/remote violence',
  violence_against_civilians: 'Violence against civilians',
  protests: 'Protest',
  riots: 'Riot',
  strategic_developments: 'Strategic development',
};

/** A name when none is given: "Battle — Diffa, Niger, 2024-03-02". */
export function defaultName(facts: IncidentFacts): string {
  const place = facts.location ?? facts.admin1;
  return `${EVENT_LABELS[facts.event_type] ?? facts.event_type} — ${place ? `${place}, ` : ''}${countryName(facts.country)}, ${facts.event_date}`;
}

export interface IncidentDraft {
  id: string;
  created: string;
  modified: string;
  createdBy: string;
  name: string;
  description?: string;
  labels?: string[];
  facts: Omit<IncidentFacts, 'extension_type'>;
  tlp: TlpLevel;
}

/** The STIX incident carrying the facts in Tansiq's property extension. */
export function incidentObject(d: IncidentDraft): Record<string, unknown> {
  const dataset = d.facts.dataset;
  return {
    type: 'incident',
    spec_version: '2.1',
    id: d.id,
    created: d.created,
    modified: d.modified,
    created_by_ref: d.createdBy,
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    ...(d.labels?.length ? { labels: d.labels } : {}),
    ...(dataset
      ? { external_references: [{ source_name: dataset.name, external_id: dataset.event_id }] }
      : {}),
    extensions: {
      [INCIDENT_EXTENSION_ID]: { extension_type: 'property-extension', ...d.facts },
    },
    object_marking_refs: [TLP2_MARKING_IDS[d.tlp]],
  };
}

function problemError(problems: { field: string; message: string }[]): AppError {
  const first = problems[0]!;
  return new AppError(
    422,
    'validation',
    `facts.${first.field}: ${first.message}`,
    `facts.${first.field}`,
  );
}

/** A timestamp strictly after `previous` (a new version must sort after the one it replaces). */
export function laterThan(previous: string | undefined, now = new Date()): string {
  if (!previous) return now.toISOString();
  const after = Date.parse(previous) + 1;
  return new Date(Math.max(now.getTime(), after)).toISOString();
}

/**
 * Records an incident, or a new version of one (`id`): checks the facts (schema, the calendar,
 * not in the future), stores the STIX incident through the store (TLP, audience, ownership,
 * audit, projections), and returns it with warnings that do not stop it.
 */
export async function writeIncident(
  db: Db,
  actor: Actor,
  input: IncidentInput,
  id?: string,
): Promise<{ incident: Incident; warnings: FactWarning[] }> {
  if (!canWrite(actor))
    throw new AppError(403, 'forbidden', 'this account may not write incidents');
  const facts = { extension_type: 'property-extension' as const, ...input.facts };
  const problems = factProblems(facts);
  if (problems.length) throw problemError(problems);
  const entry = entryProblems(facts as IncidentFacts, today());
  if (entry.length) throw problemError(entry);
  const audience: Audience = await resolveAudience(db, actor, input.audience as AudienceSpec);
  const tlp = (input.tlp ?? 'amber') as TlpLevel;

  let created: string | undefined;
  let previous: string | undefined;
  if (id) {
    // A new version: of an incident this actor sees and its member owns.
    const current = await getObject(db, actor, id).catch(() => null);
    if (!current || current.object.type !== 'incident') throw notFound('incident');
    if (current.owner !== actor.memberCode)
      throw new AppError(
        403,
        'not_owner',
        'id: only the member that owns this incident adds versions',
        'id',
      );
    // The owner sees every version of its own incident: this is the latest.
    created = current.object.created;
    previous = current.object.modified;
  }
  await publishIncidentExtension(db, actor);
  const member = await memberById(db, actor.memberId);
  const plain = plainFacts(facts as IncidentFacts);
  const now = new Date();
  const object = incidentObject({
    id: id ?? `incident--${randomUUID()}`,
    created: created ?? now.toISOString(),
    modified: laterThan(previous, now),
    createdBy: member!.identity_id,
    name: input.name?.trim() || defaultName(facts as IncidentFacts),
    description: input.description?.trim() || undefined,
    facts: plain as IncidentDraft['facts'],
    tlp,
  });
  const outcome = await storeObjects(db, actor, {
    objects: [object],
    audience,
    federate: input.federate ?? false,
    tlp,
    source: 'local' satisfies ObjectSource,
  });
  const result = outcome.results[0]!;
  if (result.status === 'rejected') {
    const e = result.errors[0];
    throw new AppError(
      result.code === 'not_owner' ? 403 : 422,
      result.code === 'tlp_violation'
        ? 'tlp_violation'
        : result.code === 'not_owner'
          ? 'not_owner'
          : 'validation',
      `${e?.path || 'incident'}: ${e?.reason ?? 'rejected'}`,
      e?.path,
    );
  }
  return {
    incident: await getIncident(db, actor, object.id as string),
    warnings: factWarnings(facts as IncidentFacts),
  };
}

/** The latest version of an incident the actor may see, with its facts and its actors' names. */
export async function getIncident(db: Db, actor: Actor, id: string): Promise<Incident> {
  const item = await getObject(db, actor, id);
  if (item.object.type !== 'incident') throw notFound('incident');
  const facts = readFacts(item.object);
  if (!facts) {
    throw new AppError(
      422,
      'validation',
      `extensions: this incident carries no readable Tansiq facts (${INCIDENT_EXTENSION_ID})`,
      'extensions',
    );
  }
  const plain = plainFacts(facts);
  const groups = facts.actors?.length ? await visibleGroups(db, readerOf(actor)) : new Map();
  const o = item.object;
  return {
    id: o.id,
    version: o.modified ?? o.created ?? '',
    created: o.created ?? '',
    name: o.name ?? '',
    ...(o.description ? { description: o.description } : {}),
    labels: Array.isArray(o.labels) ? (o.labels as string[]) : [],
    facts: plain,
    owner: item.owner,
    tlp: item.tlp,
    audience: item.audience,
    federate: item.federate,
    source: item.source,
    date_added: item.date_added,
    actor_names: namesOf(groups, facts.actors ?? []),
  };
}
