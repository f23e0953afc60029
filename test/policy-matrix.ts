import type { TlpLevel } from '../src/stix/tlp.ts';

/**
 * The cases of the access-policy matrix, shared by every kind of record it runs over: records owned
 * by Nigeria (NG) under each allowed TLP and audience pair, and viewers that cover every role and
 * relation to them.
 */
export type AudienceCase = 'member' | 'group' | 'coalition' | 'recipients';
export const AUDIENCES: Record<AudienceCase, unknown> = {
  member: 'member',
  group: 'group:africa-focus-group',
  coalition: 'coalition',
  recipients: { recipients: ['NE'] },
};
export const TLPS: TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** Which TLP/audience pairs the sharing rules allow at all (FIRST TLP 2.0). */
export function allowed(tlp: TlpLevel, audience: AudienceCase): boolean {
  if (tlp === 'red') return audience === 'recipients';
  if (tlp === 'amber+strict') return audience !== 'coalition';
  return true;
}

export interface Viewer {
  username: string;
  member: string;
  role: string;
  inGroup: boolean;
}
export const VIEWERS: Viewer[] = [
  { username: 'analyst-ng', member: 'NG', role: 'analyst (owner)', inGroup: true },
  { username: 'analyst-ne', member: 'NE', role: 'analyst (recipient)', inGroup: true },
  { username: 'admin-ne', member: 'NE', role: 'member admin (recipient)', inGroup: true },
  { username: 'analyst-ma', member: 'MA', role: 'analyst', inGroup: true },
  { username: 'reader-ma', member: 'MA', role: 'reader', inGroup: true },
  { username: 'admin', member: 'MA', role: 'instance admin', inGroup: true },
  { username: 'analyst-fr', member: 'FR', role: 'analyst outside the group', inGroup: false },
  { username: 'observer-unoct', member: 'UNOCT', role: 'analyst of an observer', inGroup: false },
];

export function expectedVisible(viewer: Viewer, audience: AudienceCase): boolean {
  if (viewer.member === 'NG') return true;
  switch (audience) {
    case 'coalition':
      return true;
    case 'group':
      return viewer.inGroup;
    case 'recipients':
      return viewer.member === 'NE';
    case 'member':
      return false;
  }
}
