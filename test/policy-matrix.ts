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

/**
 * The audit view's matrix (policy/access.ts#mayReadAuditEntry): entries by whom (`member`, the
 * actor's member) and about whom (`about`), and which viewers read each. A member admin reads the
 * entries about its member and its member's own entries about nobody else; an instance admin reads
 * all; nobody else reads the log (403).
 */
export interface AuditCase {
  name: string;
  member: string | null;
  about: string | null;
}
export const AUDIT_CASES: AuditCase[] = [
  { name: 'ng-own', member: 'NG', about: null },
  { name: 'ng-about-ng', member: 'NG', about: 'NG' },
  { name: 'ne-own', member: 'NE', about: null },
  { name: 'ma-own', member: 'MA', about: null },
  { name: 'ma-about-ne', member: 'MA', about: 'NE' },
  { name: 'ng-about-ne', member: 'NG', about: 'NE' },
  { name: 'ma-about-instance', member: 'MA', about: '*' },
  { name: 'cli-about-ng', member: null, about: 'NG' },
  { name: 'system', member: null, about: null },
  { name: 'ne-about-instance', member: 'NE', about: '*' },
];

/** Viewers of the audit view: the policy matrix's, and a member admin of the records' owner. */
export const AUDIT_VIEWERS: Viewer[] = [
  ...VIEWERS,
  { username: 'admin-ng', member: 'NG', role: 'member admin (owner)', inGroup: true },
];

/** The cases a viewer reads, or `null` when the audit view refuses it (403). */
export function expectedAuditReads(viewer: Viewer): string[] | null {
  if (viewer.role === 'instance admin') return AUDIT_CASES.map((c) => c.name);
  if (!viewer.role.startsWith('member admin')) return null;
  return AUDIT_CASES.filter(
    (c) => c.about === viewer.member || (c.member === viewer.member && c.about === null),
  ).map((c) => c.name);
}
