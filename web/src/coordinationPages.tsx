import type { ReactElement } from 'react';
import { ActionsPage } from './pages/ActionsPage';
import { CommuniqueDetailPage } from './pages/CommuniqueDetailPage';
import { CommuniqueFormPage } from './pages/CommuniqueFormPage';
import { CommuniquesPage } from './pages/CommuniquesPage';
import { CoordinationMatrixPage } from './pages/CoordinationMatrixPage';
import { MeetingDetailPage } from './pages/MeetingDetailPage';
import { MeetingFormPage } from './pages/MeetingFormPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { NeedsPage } from './pages/NeedsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProjectDetailPage } from './pages/ProjectDetailPage';
import { ProjectFormPage } from './pages/ProjectFormPage';
import { ProjectsImportPage } from './pages/ProjectsImportPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { matchPath } from './router';

/** The coordination pages (register, meetings and actions, communiqués) by path, or null. */
export function coordinationPage(pathname: string): ReactElement | null {
  const fixed: Record<string, () => ReactElement> = {
    '/coordination': () => <CoordinationMatrixPage />,
    '/coordination/projects': () => <ProjectsPage />,
    '/coordination/projects/new': () => <ProjectFormPage />,
    '/coordination/needs': () => <NeedsPage />,
    '/coordination/import': () => <ProjectsImportPage />,
    '/meetings': () => <MeetingsPage key="upcoming" when="upcoming" />,
    '/meetings/past': () => <MeetingsPage key="past" when="past" />,
    '/meetings/new': () => <MeetingFormPage />,
    '/actions': () => <ActionsPage />,
    '/communiques': () => <CommuniquesPage />,
    '/communiques/new': () => <CommuniqueFormPage />,
  };
  const page = fixed[pathname];
  if (page) return page();
  const patterns: [string, (id: string) => ReactElement][] = [
    ['/coordination/projects/:id', (id) => <ProjectDetailPage key={id} id={id} />],
    ['/coordination/projects/:id/edit', (id) => <ProjectFormPage key={id} id={id} />],
    ['/meetings/:id', (id) => <MeetingDetailPage key={id} id={id} />],
    ['/meetings/:id/edit', (id) => <MeetingFormPage key={id} id={id} />],
    ['/communiques/:id', (id) => <CommuniqueDetailPage key={id} id={id} />],
    ['/communiques/:id/edit', (id) => <CommuniqueFormPage key={id} id={id} />],
  ];
  for (const [pattern, render] of patterns) {
    const match = matchPath(pattern, pathname);
    if (match?.id) return render(match.id);
  }
  return null;
}

/** The page for `pathname` (loaded as its own chunk: most sessions start elsewhere). */
export default function CoordinationPages({ pathname }: { pathname: string }) {
  return coordinationPage(pathname) ?? <NotFoundPage />;
}
