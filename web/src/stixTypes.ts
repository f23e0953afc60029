// The STIX 2.1 object types Tansiq exchanges; the list filter
// offers these, the server accepts any type string.
export const STIX_TYPES = [
  'report',
  'incident',
  'threat-actor',
  'intrusion-set',
  'campaign',
  'location',
  'identity',
  'note',
  'opinion',
  'grouping',
  'indicator',
  'relationship',
  'sighting',
  'attack-pattern',
  'malware',
  'tool',
  'observed-data',
  'language-content',
] as const;
