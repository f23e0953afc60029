import { categoryOf, type StixObject } from './types.ts';
import type { EventType, SubEventType } from '../../contract/vocabulary.ts';

/**
 * Tansiq's own additions to STIX objects travel as published extension definitions (STIX 2.1
 * §7.3), so a strict consumer reads everything we emit. Their ids are fixed: every installation
 * publishes the same definitions, and peers recognise them.
 */

/** The identity that authors Tansiq's extension definitions (`created_by_ref`). */
export const TANSIQ_IDENTITY_ID = 'identity--71de94c6-a2f2-4d19-b91d-de90c09af450';

/** Property extension on `incident`: the facts of an event (ACLED-like fields). */
export const INCIDENT_EXTENSION_ID = 'extension-definition--90ed9663-4184-4d38-ab48-082f232a3c3f';

/** Property extension on `identity`: what Tansiq knows of a member (country, names in ar/fr/en). */
export const MEMBER_EXTENSION_ID = 'extension-definition--41ae3ff0-a2b6-448b-beb1-7b8f2752a97b';

// ACLED's event types and sub-types are part of the shared vocabulary (the API and the web app read them).
export { EVENT_TYPES, SUB_EVENT_TYPES } from '../../contract/vocabulary.ts';
export type { EventType, SubEventType } from '../../contract/vocabulary.ts';

/** Where an incident came from when it was read from an event dataset (ACLED, UCDP GED). */
export interface IncidentDataset {
  /** `ACLED` or `UCDP GED`. */
  name: string;
  /** The dataset's own event id (ACLED `event_id_cnty`, UCDP `id`): the incident's STIX id derives from it. */
  event_id: string;
}

/**
 * The facts an incident carries in its extension (`extensions[INCIDENT_EXTENSION_ID]`). Counts are
 * whole numbers ≥ 0; `event_date` is YYYY-MM-DD; `country` is ISO 3166-1 alpha-2; `geo_precision`
 * 1 (exact) to 3 (region); `time_precision` 1 (day) to 3 (month or more); `actors` are
 * intrusion-set / threat-actor ids; `sub_event_type` belongs to `event_type`. The JSON schema
 * published in the extension definition is `contract/picture.ts#IncidentFactsSchema`.
 */
export interface IncidentFacts {
  extension_type: 'property-extension';
  event_date: string;
  time_precision?: 1 | 2 | 3;
  event_type: EventType;
  sub_event_type?: SubEventType;
  actors?: string[];
  /** The actors as the source names them (matched to `actors` or not). */
  actor_names?: string[];
  country: string;
  admin1?: string;
  admin2?: string;
  location?: string;
  latitude?: number;
  longitude?: number;
  geo_precision?: 1 | 2 | 3;
  fatalities?: number;
  /** Low and high estimates where the source gives a range (UCDP GED `low`, `high`). */
  fatalities_low?: number;
  fatalities_high?: number;
  wounded?: number;
  kidnapped?: number;
  source?: string;
  source_scale?: string;
  notes?: string;
  dataset?: IncidentDataset;
}

/**
 * Objects every installation publishes identically (fixed ids and content): like observables they
 * are shared facts, which several members may hold, rather than one owner's.
 */
export const BUILT_IN_IDS: ReadonlySet<string> = new Set([
  TANSIQ_IDENTITY_ID,
  INCIDENT_EXTENSION_ID,
  MEMBER_EXTENSION_ID,
]);

/** Observables and built-in definitions: held per member, never owned by one. */
export function isSharedFact(object: { type: string; id: string }): boolean {
  return categoryOf(object.type) === 'sco' || BUILT_IN_IDS.has(object.id);
}

/** When Tansiq's definitions were published: fixed, so every installation emits the same bytes. */
const PUBLISHED = '2026-11-29T00:00:00.000Z';

/** Tansiq itself, the author of its extension definitions. */
export function tansiqIdentity(): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: TANSIQ_IDENTITY_ID,
    created: PUBLISHED,
    modified: PUBLISHED,
    name: 'Tansiq',
    description:
      'The Tansiq coordination platform: the author of the STIX extension definitions its installations publish.',
    identity_class: 'system',
  };
}

/** What a member's identity carries about it: its code, kind, country and names in ar/fr/en. */
export function memberExtensionDefinition(): StixObject {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Tansiq member',
    type: 'object',
    properties: {
      extension_type: { const: 'property-extension' },
      code: { type: 'string', description: 'the member code on the installation (NE, UNOCT)' },
      kind: { enum: ['state', 'organisation'] },
      country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
      names: {
        type: 'object',
        properties: { ar: { type: 'string' }, fr: { type: 'string' }, en: { type: 'string' } },
        required: ['ar', 'fr', 'en'],
      },
    },
    required: ['extension_type', 'code', 'kind', 'names'],
  };
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: MEMBER_EXTENSION_ID,
    created: PUBLISHED,
    modified: PUBLISHED,
    created_by_ref: TANSIQ_IDENTITY_ID,
    name: 'Tansiq member',
    description:
      'Properties of the identity of a member (a state or an international organisation) of a Tansiq installation.',
    schema: JSON.stringify(schema),
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}
