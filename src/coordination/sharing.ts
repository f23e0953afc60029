import type { AudienceSpec as AudienceInput } from '../members/audience.service.ts';
import { resolveAudience } from '../members/audience.service.ts';
import { presentAudience, ownerCode, type Directory } from '../members/directory.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import type { Envelope } from '../policy/access.ts';
import { sharingViolation, type Audience } from '../policy/sharing.ts';
import type { Actor } from '../policy/viewer.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import type { EnvelopeColumns } from './projects.table.ts';

/** Where each kind of coordination record keeps its recipients, for `policy/access.ts#mayRead`. */
export const PROJECT_ENVELOPE: Envelope = {
  key: 'id',
  recipients: { table: 'project_recipients', column: 'project_id' },
};
export const NEED_ENVELOPE: Envelope = {
  key: 'id',
  recipients: { table: 'need_recipients', column: 'need_id' },
};
export const MEETING_ENVELOPE: Envelope = {
  key: 'id',
  recipients: { table: 'meeting_recipients', column: 'meeting_id' },
};
export const COMMUNIQUE_ENVELOPE: Envelope = {
  key: 'id',
  recipients: { table: 'communique_recipients', column: 'communique_id' },
};

export interface SharingRequest {
  audience: AudienceInput;
  tlp?: TlpLevel;
  federate?: boolean;
}

export interface ResolvedSharing {
  columns: EnvelopeColumns;
  /** Member ids of a `recipients` audience. */
  recipients: string[];
  audience: Audience;
}

/**
 * The envelope of a record written by `actor`: the audience resolved as for any shared record, and
 * the TLP 2.0 rules applied (FIRST: RED needs named recipients and never leaves the instance;
 * AMBER+STRICT never goes to the whole coalition). Default TLP:AMBER, not federated.
 */
export async function resolveSharing(
  db: Db,
  actor: Pick<Actor, 'memberId'>,
  request: SharingRequest,
): Promise<ResolvedSharing> {
  const audience = await resolveAudience(db, actor, request.audience);
  const tlp = request.tlp ?? 'amber';
  const federate = request.federate ?? false;
  const violation = sharingViolation(tlp, audience, federate);
  if (violation) {
    throw new AppError(
      422,
      'tlp_violation',
      `${violation.message} (rule ${violation.rule})`,
      violation.field,
      violation.rule,
    );
  }
  return {
    audience,
    recipients: audience.kind === 'recipients' ? audience.memberIds : [],
    columns: {
      owner_id: actor.memberId,
      audience: audience.kind,
      audience_group_id: audience.kind === 'group' ? audience.groupId : null,
      tlp,
      federate: federate ? 1 : 0,
    },
  };
}

/** The envelope as the API presents it. */
export function presentSharing(
  row: EnvelopeColumns,
  dir: Directory,
  recipientIds: readonly string[] = [],
) {
  return {
    owner: ownerCode(row, dir),
    audience: presentAudience(
      row,
      dir,
      recipientIds.map((id) => dir.memberCode.get(id) ?? id),
    ),
    tlp: row.tlp as TlpLevel,
    federate: row.federate === 1,
  };
}

/** FIRST TLP 2.0: reads of AMBER+STRICT and RED are written to the audit log. */
export const AUDITED_TLP = new Set(['amber+strict', 'red']);

/** `recipients:NE,US` as the CLI and query strings write a recipients audience. */
export function audienceSpec(value: string | undefined): SharingRequest['audience'] {
  if (!value) return 'member';
  return value.startsWith('recipients:')
    ? { recipients: value.slice('recipients:'.length).split(',') }
    : value;
}
