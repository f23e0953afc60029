import { isStixTimestamp } from './timestamp.ts';

/**
 * The JSON type of every property STIX 2.1 defines (§3 common properties, §4–§7 per type), checked
 * before its meaning: a marking sent as a string instead of a list must never be read as "no
 * marking". Checked on the standard types only; custom objects keep their own shapes.
 */
export type PropertyKind =
  | 'string'
  | 'strings'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'timestamp'
  | 'identifier'
  | 'identifiers'
  | 'dictionary'
  | 'objects';

export const PROPERTY_KINDS: Readonly<Record<string, PropertyKind>> = {
  // §3.2 common properties
  spec_version: 'string',
  created_by_ref: 'identifier',
  created: 'timestamp',
  modified: 'timestamp',
  revoked: 'boolean',
  labels: 'strings',
  confidence: 'integer',
  lang: 'string',
  external_references: 'objects',
  object_marking_refs: 'identifiers',
  granular_markings: 'objects',
  extensions: 'dictionary',
  defanged: 'boolean',
  // SDOs and SROs
  name: 'string',
  description: 'string',
  aliases: 'strings',
  first_seen: 'timestamp',
  last_seen: 'timestamp',
  objective: 'string',
  goals: 'strings',
  resource_level: 'string',
  primary_motivation: 'string',
  secondary_motivations: 'strings',
  personal_motivations: 'strings',
  sophistication: 'string',
  roles: 'strings',
  threat_actor_types: 'strings',
  kill_chain_phases: 'objects',
  report_types: 'strings',
  published: 'timestamp',
  object_refs: 'identifiers',
  indicator_types: 'strings',
  pattern: 'string',
  pattern_type: 'string',
  pattern_version: 'string',
  valid_from: 'timestamp',
  valid_until: 'timestamp',
  malware_types: 'strings',
  is_family: 'boolean',
  architecture_execution_envs: 'strings',
  implementation_languages: 'strings',
  capabilities: 'strings',
  sample_refs: 'identifiers',
  operating_system_refs: 'identifiers',
  identity_class: 'string',
  sectors: 'strings',
  contact_information: 'string',
  latitude: 'number',
  longitude: 'number',
  precision: 'number',
  region: 'string',
  country: 'string',
  administrative_area: 'string',
  city: 'string',
  street_address: 'string',
  postal_code: 'string',
  abstract: 'string',
  content: 'string',
  authors: 'strings',
  explanation: 'string',
  opinion: 'string',
  first_observed: 'timestamp',
  last_observed: 'timestamp',
  number_observed: 'integer',
  context: 'string',
  relationship_type: 'string',
  source_ref: 'identifier',
  target_ref: 'identifier',
  start_time: 'timestamp',
  stop_time: 'timestamp',
  count: 'integer',
  sighting_of_ref: 'identifier',
  observed_data_refs: 'identifiers',
  where_sighted_refs: 'identifiers',
  summary: 'boolean',
  tool_types: 'strings',
  tool_version: 'string',
  infrastructure_types: 'strings',
  // Meta objects
  object_ref: 'identifier',
  object_modified: 'timestamp',
  contents: 'dictionary',
  definition_type: 'string',
  schema: 'string',
  version: 'string',
  extension_types: 'strings',
  extension_properties: 'strings',
  // SCOs (the common ones; `value` is text for every SCO that has it)
  value: 'string',
  display_name: 'string',
  resolves_to_refs: 'identifiers',
  belongs_to_ref: 'identifier',
  is_multipart: 'boolean',
  hashes: 'dictionary',
  size: 'integer',
  mime_type: 'string',
  payload_bin: 'string',
  url: 'string',
  encryption_algorithm: 'string',
  decryption_key: 'string',
  path: 'string',
  path_enc: 'string',
  protocols: 'strings',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REASONS: Record<PropertyKind, string> = {
  string: 'must be a string',
  strings: 'must be a list of strings',
  boolean: 'must be true or false',
  integer: 'must be a whole number',
  number: 'must be a number',
  timestamp: 'must be an RFC 3339 UTC timestamp such as 2021-12-02T10:00:00.000Z',
  identifier: 'must be a STIX identifier (type--UUID)',
  identifiers: 'must be a list of STIX identifiers',
  dictionary: 'must be a JSON object',
  objects: 'must be a list of JSON objects',
};

/** Whether `value` has the JSON shape of `kind` (identifier syntax is checked with references). */
export function hasKind(kind: PropertyKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
    case 'identifier':
      return typeof value === 'string';
    case 'strings':
    case 'identifiers':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'timestamp':
      return isStixTimestamp(value);
    case 'dictionary':
      return isPlainObject(value);
    case 'objects':
      return Array.isArray(value) && value.every(isPlainObject);
  }
}

export interface PropertyProblem {
  path: string;
  reason: string;
}

/** Every defined top-level property of a standard object has the JSON type STIX gives it. */
export function checkPropertyKinds(o: Record<string, unknown>, problems: PropertyProblem[]): void {
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    const kind = PROPERTY_KINDS[key];
    if (!kind) continue;
    if (!hasKind(kind, o[key])) problems.push({ path: key, reason: REASONS[kind] });
  }
  checkRanges(o, problems);
  checkNested(o, problems);
}

function checkRanges(o: Record<string, unknown>, problems: PropertyProblem[]): void {
  const range = (key: string, min: number, max: number) => {
    const v = o[key];
    if (typeof v === 'number' && (v < min || v > max))
      problems.push({ path: key, reason: `must be between ${min} and ${max}` });
  };
  range('confidence', 0, 100);
  range('latitude', -90, 90);
  range('longitude', -180, 180);
  range('number_observed', 1, 999_999_999);
  range('count', 0, 999_999_999);
  if (typeof o.size === 'number' && o.size < 0)
    problems.push({ path: 'size', reason: 'must be ≥ 0' });
}

/** The shapes inside the common list properties (§3.3 external references, §7.2.3 granular markings). */
function checkNested(o: Record<string, unknown>, problems: PropertyProblem[]): void {
  if (Array.isArray(o.external_references)) {
    o.external_references.forEach((ref, i) => {
      if (!isPlainObject(ref)) return;
      const at = `external_references[${i}]`;
      if (typeof ref.source_name !== 'string')
        problems.push({ path: `${at}.source_name`, reason: 'required: a string' });
      for (const k of ['description', 'url', 'external_id'])
        if (ref[k] !== undefined && typeof ref[k] !== 'string')
          problems.push({ path: `${at}.${k}`, reason: 'must be a string' });
      if (ref.hashes !== undefined && !isPlainObject(ref.hashes))
        problems.push({ path: `${at}.hashes`, reason: 'must be a JSON object' });
    });
  }
  if (Array.isArray(o.granular_markings)) {
    o.granular_markings.forEach((g, i) => {
      if (!isPlainObject(g)) return;
      const at = `granular_markings[${i}]`;
      if (!hasKind('strings', g.selectors) || (g.selectors as string[]).length === 0)
        problems.push({ path: `${at}.selectors`, reason: 'required: a non-empty list of strings' });
      const hasRef = g.marking_ref !== undefined;
      const hasLang = g.lang !== undefined;
      if (hasRef === hasLang)
        problems.push({ path: at, reason: 'needs exactly one of marking_ref and lang' });
      if (hasRef && typeof g.marking_ref !== 'string')
        problems.push({ path: `${at}.marking_ref`, reason: REASONS.identifier });
      if (hasLang && typeof g.lang !== 'string')
        problems.push({ path: `${at}.lang`, reason: 'must be a string' });
    });
  }
  if (Array.isArray(o.kill_chain_phases)) {
    o.kill_chain_phases.forEach((k, i) => {
      if (!isPlainObject(k)) return;
      for (const name of ['kill_chain_name', 'phase_name'])
        if (typeof k[name] !== 'string')
          problems.push({ path: `kill_chain_phases[${i}].${name}`, reason: 'required: a string' });
    });
  }
  if (isPlainObject(o.extensions)) {
    for (const [key, ext] of Object.entries(o.extensions))
      if (!isPlainObject(ext))
        problems.push({ path: `extensions.${key}`, reason: 'must be a JSON object' });
  }
}
