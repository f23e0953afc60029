import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURES } from '../helpers.ts';

/** One page of the web app to visit, and the element that says it has loaded. */
export interface AppRoute {
  name: string;
  path: string;
}

interface Listed<T> {
  items: T[];
}

/**
 * Every route of web/src/App.tsx (and the coordination pages), with real ids from the demo as
 * `page`'s user sees it. Creates what the demo lacks for this user (an ingestion draft), so the
 * draft page is visited too.
 */
export async function appRoutes(page: Page, base: string): Promise<AppRoute[]> {
  const get = async <T>(url: string): Promise<T> => {
    const response = await page.request.get(`${base}/api/v1${url}`);
    if (!response.ok()) throw new Error(`GET ${url}: ${response.status()}`);
    return (await response.json()) as T;
  };
  const me = await get<{ csrfToken: string; member: { code: string } }>('/me');

  const objects =
    await get<Listed<{ object: { id: string; type: string }; owner: string }>>(
      '/objects?limit=200',
    );
  const byType = new Map<string, string>();
  for (const item of objects.items)
    if (!byType.has(item.object.type)) byType.set(item.object.type, item.object.id);
  const own = objects.items.find((i) => i.owner === me.member.code && i.object.type === 'report');

  const incidents = await get<Listed<{ id: string; owner: string }>>('/picture/incidents');
  const ownIncident = incidents.items.find((i) => i.owner === me.member.code) ?? incidents.items[0];
  const groups = await get<Listed<{ id: string }>>('/picture/groups');
  const projects = await get<Listed<{ id: string }>>('/projects');
  const meetings = await get<Listed<{ id: string }>>('/meetings');
  const past = await get<Listed<{ id: string }>>('/meetings?when=past');
  const communiques = await get<Listed<{ id: string }>>('/communiques');

  let drafts = await get<Listed<{ id: string }>>('/ingest/drafts');
  if (drafts.items.length === 0) {
    const content = fs.readFileSync(
      path.join(FIXTURES, 'articles', 'ar_seed_morocco_cochairs_africa_focus_group_2021.txt'),
      'utf8',
    );
    const made = await page.request.post(`${base}/api/v1/ingest`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { content, published: '2021-12-03' },
    });
    if (!made.ok()) throw new Error(`POST /ingest: ${made.status()} ${await made.text()}`);
    drafts = await get<Listed<{ id: string }>>('/ingest/drafts');
  }

  const routes: AppRoute[] = [
    { name: 'overview', path: '/' },
    { name: 'objects', path: '/objects' },
    { name: 'picture', path: '/picture' },
    { name: 'armed-groups', path: '/armed-groups' },
    { name: 'correlations', path: '/correlations' },
    { name: 'incident-new', path: '/incidents/new' },
    { name: 'incidents-import', path: '/incidents/import' },
    { name: 'report-new', path: '/reports/new' },
    { name: 'ingest', path: '/ingest' },
    { name: 'import', path: '/import' },
    { name: 'tokens', path: '/tokens' },
    { name: 'groups', path: '/groups' },
    { name: 'account', path: '/account' },
    { name: 'admin-users', path: '/admin/users' },
    { name: 'admin-peers', path: '/admin/peers' },
    { name: 'admin-organisation', path: '/admin/organisation' },
    { name: 'search', path: '/search?q=%D8%AA%D9%8A%D9%84%D8%A7%D8%A8%D9%8A%D8%B1%D9%8A' },
    { name: 'coordination', path: '/coordination' },
    { name: 'projects', path: '/coordination/projects' },
    { name: 'project-new', path: '/coordination/projects/new' },
    { name: 'needs', path: '/coordination/needs' },
    { name: 'projects-import', path: '/coordination/import' },
    { name: 'meetings', path: '/meetings' },
    { name: 'meetings-past', path: '/meetings/past' },
    { name: 'meeting-new', path: '/meetings/new' },
    { name: 'actions', path: '/actions' },
    { name: 'communiques', path: '/communiques' },
    { name: 'communique-new', path: '/communiques/new' },
    { name: 'not-found', path: '/no-such-page' },
  ];
  const add = (name: string, value: string | undefined, make: (id: string) => string) => {
    if (value) routes.push({ name, path: make(encodeURIComponent(value)) });
  };
  for (const [type, id] of byType) add(`object-${type}`, id, (v) => `/objects/${v}`);
  add('object-edit', own?.object.id, (v) => `/objects/${v}/edit`);
  add('incident', ownIncident?.id, (v) => `/incidents/${v}`);
  add('incident-edit', ownIncident?.id, (v) => `/incidents/${v}/edit`);
  add('correlation', groups.items[0]?.id, (v) => `/correlations?kind=ref&value=${v}`);
  add('armed-group', groups.items[0]?.id, (v) => `/armed-groups/${v}`);
  add('draft', drafts.items[0]?.id, (v) => `/ingest/${v}`);
  add('project', projects.items[0]?.id, (v) => `/coordination/projects/${v}`);
  add('project-edit', projects.items[0]?.id, (v) => `/coordination/projects/${v}/edit`);
  add('meeting', meetings.items[0]?.id, (v) => `/meetings/${v}`);
  add('meeting-past', past.items[0]?.id, (v) => `/meetings/${v}`);
  add('meeting-edit', meetings.items[0]?.id, (v) => `/meetings/${v}/edit`);
  add('communique', communiques.items[0]?.id, (v) => `/communiques/${v}`);
  add('communique-edit', communiques.items[0]?.id, (v) => `/communiques/${v}/edit`);
  return routes;
}

/** How far the page scrolls sideways, and the widest elements that stick out (to say why). */
export async function sideways(
  page: Page,
): Promise<{ scroll: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
      // Inside a box that scrolls or clips on its own, an element does not widen the page.
      let clipped = false;
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible') clipped = true;
      if (clipped) continue;
      const tag = element.tagName.toLowerCase();
      const cls = typeof element.className === 'string' ? element.className.split(' ')[0] : '';
      const id = element.getAttribute('data-testid');
      culprits.push(
        `${tag}${cls ? `.${cls}` : ''}${id ? `[${id}]` : ''} ${Math.round(box.left)}..${Math.round(box.right)}`,
      );
      if (culprits.length >= 6) break;
    }
    return { scroll: document.documentElement.scrollWidth, width, culprits };
  });
}
