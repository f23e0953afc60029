import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { auditSensitiveReads } from '../exchange/objects.read.ts';
import { listVisible, type ObjectFilter } from '../exchange/objects.repository.ts';
import { presentAudience } from '../members/directory.ts';
import { loadDirectory } from '../members/members.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { formatMicros } from '../stix/timestamp.ts';

const PAGE = 500;
const COLUMNS = [
  'id',
  'type',
  'name',
  'lang',
  'owner',
  'tlp',
  'audience',
  'federate',
  'created',
  'modified',
  'date_added',
  'revoked',
] as const;

/**
 * A CSV field (RFC 4180), safe to open in a spreadsheet: a value that starts like a formula is
 * prefixed with an apostrophe so it stays text (OWASP, CSV injection).
 */
export function csvField(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The current list as CSV (the latest visible version of each object matching), streamed a page at
 * a time with a pause between pages; a byte-order mark first, so spreadsheets read Arabic as UTF-8.
 * Audited like the bundle export.
 */
export async function* exportCsv(
  db: Db,
  actor: Actor,
  filter: ObjectFilter,
): AsyncGenerator<string> {
  yield `\uFEFF${COLUMNS.join(',')}\r\n`;
  const reader = readerOf(actor);
  const directory = await loadDirectory(db);
  let after: number | undefined;
  let count = 0;
  for (;;) {
    const rows = await inTurn('long', async () => {
      const page = await listVisible(db, reader, { ...filter, addedAfterCursor: after }, PAGE);
      await auditSensitiveReads(db, actor, page, 'api.export.csv');
      return page;
    });
    if (rows.length === 0) break;
    const lines: string[] = [];
    for (const row of rows) {
      const o = JSON.parse(row.body) as Record<string, unknown>;
      const audience = presentAudience(row, directory);
      const values = {
        id: row.stix_id,
        type: row.type,
        name: o.name ?? o.value ?? o.abstract ?? '',
        lang: o.lang ?? '',
        owner: directory.memberCode.get(row.owner_id) ?? '',
        tlp: row.tlp,
        audience: typeof audience === 'string' ? audience : 'recipients',
        federate: row.federate === 1 ? 'true' : 'false',
        created: o.created ?? '',
        modified: o.modified ?? '',
        date_added: formatMicros(row.added),
        revoked: row.revoked === 1 ? 'true' : 'false',
      };
      lines.push(COLUMNS.map((c) => csvField(values[c])).join(','));
    }
    yield `${lines.join('\r\n')}\r\n`;
    count += rows.length;
    after = rows[rows.length - 1]!.added;
    if (rows.length < PAGE) break;
  }
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'objects.export',
        subject: null,
        detail: { surface: 'api.export.csv', objects: count, filter: { ...filter } },
      },
    ]),
  );
}
