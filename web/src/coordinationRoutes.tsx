import { lazy, Suspense, type ReactElement } from 'react';
import { useI18n } from './i18n';

const CoordinationPages = lazy(() => import('./coordinationPages'));

/** Paths of the coordination pages (register, meetings and actions, communiqués). */
export function isCoordinationPath(pathname: string): boolean {
  return /^\/(coordination|meetings|actions|communiques)(\/|$)/.test(pathname);
}

function Loading() {
  const { t } = useI18n();
  return <p className="muted">{t('common.loading')}</p>;
}

/** The coordination page for `pathname`, or null when the path is not one of them. */
export function coordinationRoute(pathname: string): ReactElement | null {
  if (!isCoordinationPath(pathname)) return null;
  return (
    <Suspense fallback={<Loading />}>
      <CoordinationPages pathname={pathname} />
    </Suspense>
  );
}
