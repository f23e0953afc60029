import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../policy/viewer.ts';
import { resolveAudience, type AudienceSpec } from '../members/audience.service.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { TLP2_MARKING_IDS } from '../stix/tlp.ts';
import { memberById } from '../members/members.repository.ts';
import { storeObjects } from './objects.service.ts';

export type Lang = 'ar' | 'fr' | 'en';
export interface ReportInput {
  names: Partial<Record<Lang, string>>;
  descriptions?: Partial<Record<Lang, string>>;
  tlp?: TlpLevel;
  /** As the API writes it: `member`, `coalition`, `group:<slug>` or `{recipients}`. */
  audience: AudienceSpec;
  federate?: boolean;
  object_refs?: string[];
  primary?: Lang;
}

/**
 * A report written in the UI: STIX `report` in its first language (`lang`), and a
 * `language-content` object (STIX 2.1 §7.1) carrying the other languages, stored together.
 */
export async function writeReport(db: Db, actor: Actor, input: ReportInput): Promise<string> {
  const audience = await resolveAudience(db, actor, input.audience);
  const tlp = input.tlp ?? 'amber';
  const descriptions = input.descriptions ?? {};
  const langs = (['ar', 'fr', 'en'] as const).filter((l) => input.names[l]?.trim());
  if (langs.length === 0)
    throw new AppError(
      422,
      'validation',
      'names: give the report a name in at least one language',
      'names',
    );
  for (const l of ['ar', 'fr', 'en'] as const) {
    if (descriptions[l]?.trim() && !input.names[l]?.trim()) {
      throw new AppError(
        422,
        'validation',
        `names.${l}: a description in this language needs a name too`,
        `names.${l}`,
      );
    }
  }
  const primary = input.primary && langs.includes(input.primary) ? input.primary : langs[0]!;
  const member = await memberById(db, actor.memberId);
  const now = new Date().toISOString();
  const id = `report--${randomUUID()}`;
  const description = descriptions[primary]?.trim();
  const report: Record<string, unknown> = {
    type: 'report',
    spec_version: '2.1',
    id,
    created: now,
    modified: now,
    created_by_ref: member!.identity_id,
    name: input.names[primary]!.trim(),
    ...(description ? { description } : {}),
    lang: primary,
    published: now,
    report_types: ['threat-report'],
    // STIX requires at least one reference; a report on nothing yet refers to its author.
    object_refs: input.object_refs?.length ? input.object_refs : [member!.identity_id],
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
  };
  const objects: Record<string, unknown>[] = [report];
  const others = langs.filter((l) => l !== primary);
  if (others.length > 0) {
    objects.push({
      type: 'language-content',
      spec_version: '2.1',
      id: `language-content--${randomUUID()}`,
      created: now,
      modified: now,
      created_by_ref: member!.identity_id,
      object_ref: id,
      object_modified: now,
      contents: Object.fromEntries(
        others.map((l) => [
          l,
          {
            name: input.names[l]!.trim(),
            ...(descriptions[l]?.trim() ? { description: descriptions[l]!.trim() } : {}),
          },
        ]),
      ),
      object_marking_refs: [TLP2_MARKING_IDS[tlp]],
    });
  }
  const outcome = await storeObjects(db, actor, {
    objects,
    audience,
    federate: input.federate ?? false,
    tlp,
    source: 'local',
    atomic: true,
  });
  const rejected = outcome.results.find((r) => r.status === 'rejected');
  if (rejected && rejected.status === 'rejected') {
    const e = rejected.errors[0];
    throw new AppError(
      422,
      'validation',
      `${e?.path ?? 'report'}: ${e?.reason ?? 'rejected'}`,
      e?.path,
    );
  }
  return id;
}
