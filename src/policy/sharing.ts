import type { TlpLevel } from '../stix/tlp.ts';
import type { AudienceKind } from '../../contract/vocabulary.ts';

export type Audience =
  | { kind: 'member' }
  | { kind: 'coalition' }
  | { kind: 'group'; groupId: string; slug: string }
  | { kind: 'recipients'; memberIds: string[]; codes: string[] };

export interface SharingViolation {
  rule: string;
  field: 'tlp' | 'audience' | 'federate';
  message: string;
}

/**
 * TLP 2.0 constrains who may receive (FIRST, TLP 2.0 definitions):
 * RED is for named recipients only and never leaves the instance; AMBER+STRICT stays within the
 * recipients' organisations, so never the whole coalition; CLEAR and GREEN may reach the community.
 */
export function sharingViolation(
  tlp: TlpLevel,
  audience: Audience,
  federate: boolean,
): SharingViolation | null {
  if (tlp === 'red' && audience.kind !== 'recipients') {
    return {
      rule: 'tlp_red_recipients',
      field: 'audience',
      message: 'audience: TLP:RED needs an explicit list of recipient members',
    };
  }
  if (tlp === 'red' && federate) {
    return {
      rule: 'tlp_red_no_federation',
      field: 'federate',
      message: 'federate: TLP:RED never leaves this instance',
    };
  }
  if (tlp === 'amber+strict' && audience.kind === 'coalition') {
    return {
      rule: 'tlp_amber_strict_not_coalition',
      field: 'audience',
      message: 'audience: TLP:AMBER+STRICT cannot be shared with the whole coalition',
    };
  }
  if (audience.kind === 'recipients' && audience.memberIds.length === 0) {
    return {
      rule: 'recipients_empty',
      field: 'audience',
      message: 'audience.recipients: name at least one member',
    };
  }
  return null;
}

/** What may leave this instance for a peer (federation): flagged so, and never RED. */
export function mayFederate(tlp: TlpLevel, federate: boolean): boolean {
  return federate && tlp !== 'red';
}

export function audienceKind(audience: Audience): AudienceKind {
  return audience.kind;
}
