import type { Project, ProjectFilters } from '../../contract/coordination.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { listMembers } from '../members/members.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import { iatiActivities, iatiHeader, IATI_FOOTER } from './iati.export.ts';
import { CSV_COLUMNS, csvLine, projectToRow } from './projects.csv.ts';
import { allVisibleProjects, auditSensitive, domains, projectFilter } from './projects.service.ts';

/**
 * Exports of the register, streamed page by page (yielding between pages): CSV for spreadsheets,
 * IATI 2.03 XML for donors' tools. Only what the actor may read; every export is audited.
 */
async function auditExport(
  db: Db,
  actor: Actor,
  format: string,
  count: number,
  filters: ProjectFilters,
) {
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'projects.export',
        subject: null,
        detail: { format, count, filters },
      },
    ]),
  );
}

export async function exportCsv(
  db: Db,
  actor: Actor,
  filters: ProjectFilters,
): Promise<AsyncGenerator<string>> {
  // The filters are checked before the first byte: once the CSV has started, a bad filter could
  // no longer be answered with a 400 (found by the fuzzing: `?status=!` gave a 500).
  const filter = await projectFilter(db, filters);
  return (async function* () {
    // A byte-order mark: spreadsheets then read the Arabic and French text as UTF-8.
    yield `\ufeff${csvLine([...CSV_COLUMNS])}`;
    let count = 0;
    for await (const page of allVisibleProjects(db, actor, filter)) {
      await auditSensitive(db, actor, 'project', page, 'export.csv');
      count += page.length;
      yield page.map((p) => csvLine(projectToRow(p))).join('');
    }
    await auditExport(db, actor, 'csv', count, filters);
  })();
}

/**
 * IATI XML. The schema wants at least one activity: with none visible, the export is refused
 * before anything is sent (404), rather than writing an invalid file.
 */
export async function exportIati(
  db: Db,
  actor: Actor,
  filters: ProjectFilters,
): Promise<AsyncGenerator<string>> {
  const filter = await projectFilter(db, filters);
  const pages = allVisibleProjects(db, actor, filter);
  const first = await pages.next();
  if (first.done)
    throw new AppError(404, 'not_found', 'projects: none you may see matches; nothing to export');
  const [members, domainList] = await Promise.all([listMembers(db), domains(db)]);
  const ctx = {
    members: new Map(members.map((m) => [m.code, m])),
    domains: new Map(domainList.map((d) => [d.key, d])),
  };
  return (async function* () {
    yield iatiHeader(new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
    let count = 0;
    for (let page: IteratorResult<Project[]> = first; !page.done; page = await pages.next()) {
      await auditSensitive(db, actor, 'project', page.value, 'export.iati');
      count += page.value.length;
      yield iatiActivities(page.value, ctx);
    }
    yield IATI_FOOTER;
    await auditExport(db, actor, 'iati', count, filters);
  })();
}
