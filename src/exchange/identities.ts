import type { MembersTable } from '../db/schema.ts';
import { MEMBER_EXTENSION_ID } from '../stix/extensions.ts';
import type { StixObject } from '../stix/types.ts';

/**
 * The STIX identity of a member (CLEAR, for the whole coalition, federable). What Tansiq knows of
 * it beyond STIX travels in the published member extension, so a strict consumer reads it.
 * A member renamed gets a new version (`modified`), so peers and references follow the change.
 */
export function memberIdentity(member: MembersTable, modified = member.created_at): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: member.identity_id,
    created: member.created_at,
    modified,
    name: member.name_en,
    identity_class: 'organization',
    sectors: ['government'],
    extensions: {
      [MEMBER_EXTENSION_ID]: {
        extension_type: 'property-extension',
        code: member.code,
        kind: member.kind,
        ...(member.iso2 ? { country: member.iso2 } : {}),
        names: { ar: member.name_ar, fr: member.name_fr, en: member.name_en },
      },
    },
  };
}
