/** STIX 2.1 object categories (§2.1–§2.9) and the properties each type requires. */
export type StixObject = Record<string, unknown> & { type: string; id: string };

export const SDO_TYPES = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

export const SRO_TYPES = new Set(['relationship', 'sighting']);

export const SCO_TYPES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

/** Meta objects: marking definitions, language content, extension definitions. */
export const META_TYPES = new Set([
  'marking-definition',
  'language-content',
  'extension-definition',
]);

/** Properties each type requires beyond the common ones (STIX 2.1 §4–§7). */
export const REQUIRED: Record<string, readonly string[]> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'language-content': ['object_ref', 'contents'],
  'extension-definition': ['created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['is_multipart'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['protocols'],
  software: ['name'],
  url: ['value'],
  'windows-registry-key': [],
};

/** Top-level properties that hold timestamps wherever they appear. */
export const TIMESTAMP_PROPERTIES = [
  'created',
  'modified',
  'published',
  'valid_from',
  'valid_until',
  'first_seen',
  'last_seen',
  'first_observed',
  'last_observed',
  'start_time',
  'stop_time',
  'object_modified',
] as const;

export type StixCategory = 'sdo' | 'sro' | 'sco' | 'meta' | 'custom';

export function categoryOf(type: string): StixCategory {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SRO_TYPES.has(type)) return 'sro';
  if (SCO_TYPES.has(type)) return 'sco';
  if (META_TYPES.has(type)) return 'meta';
  return 'custom';
}
