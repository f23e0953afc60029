/**
 * TLP 2.0 as FIRST defines it (https://www.first.org/tlp/) and as OASIS publishes it for STIX 2.1
 * (the marking-definition objects of cti-stix-common-objects, extension-definition--60a3c5c5…).
 */
import { TLP_LEVELS, type TlpLevel } from '../../contract/vocabulary.ts';

export { TLP_LEVELS, type TlpLevel };

export const TLP_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The OASIS TLP 2.0 marking-definition ids. */
export const TLP2_MARKING_IDS: Record<TlpLevel, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 markings predefined by STIX 2.1 §7.2.1.4, read as their TLP 2.0 counterparts. */
const TLP1_MARKING_IDS: Record<string, TlpLevel> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

const LEVEL_BY_ID = new Map<string, TlpLevel>([
  ...Object.entries(TLP1_MARKING_IDS),
  ...(Object.entries(TLP2_MARKING_IDS) as [TlpLevel, string][]).map(
    ([level, id]) => [id, level] as [string, TlpLevel],
  ),
]);

export function tlpOfMarking(markingId: string): TlpLevel | undefined {
  return LEVEL_BY_ID.get(markingId);
}

export function isTlpLevel(value: unknown): value is TlpLevel {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/** Strictness order: a higher rank shares with fewer people. */
export function tlpRank(level: TlpLevel): number {
  return TLP_LEVELS.indexOf(level);
}

export function stricterTlp(a: TlpLevel, b: TlpLevel): TlpLevel {
  return tlpRank(a) >= tlpRank(b) ? a : b;
}

export function tlpLabel(level: TlpLevel): string {
  return `TLP:${level.toUpperCase()}`;
}

/** The OASIS marking-definition object of a TLP 2.0 level, as published. */
export function tlpMarkingDefinition(level: TlpLevel): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: tlpLabel(level),
    extensions: {
      [TLP_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
    },
  };
}
