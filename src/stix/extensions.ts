import { categoryOf, type StixObject } from './types.ts';

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

/** ACLED's six event types (ACLED Codebook 2023). */
export const EVENT_TYPES = [
  'battles',
  'explosions_remote_violence',
  'violence_against_civilians',
  'protests',
  'riots',
  'strategic_developments',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The facts an incident carries in its extension (`extensions[INCIDENT_EXTENSION_ID]`). Counts are
 * whole numbers ≥ 0; `country` is ISO 3166-1 alpha-2; `geo_precision` 1 (exact) to 3 (region);
 * `time_precision` 1 (day) to 3 (month or more); `actors` are intrusion-set / threat-actor ids.
 */
export interface IncidentFacts {
  extension_type: 'property-extension';
  event_date: string;
  time_precision?: 1 | 2 | 3;
  event_type: EventType;
  sub_event_type?: string;
  actors?: string[];
  country: string;
  admin1?: string;
  admin2?: string;
  location?: string;
  latitude?: number;
  longitude?: number;
  geo_precision?: 1 | 2 | 3;
  fatalities?: number;
  wounded?: number;
  kidnapped?: number;
  source?: string;
  source_scale?: string;
  notes?: string;
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
