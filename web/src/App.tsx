import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  api,
  DEFAULT_FORMATS,
  formattingLocale,
  setCsrfToken,
  setUnauthorizedHandler,
  type Group,
  type Locale,
  type Me,
  type Member,
} from './api';
import { Alert } from './components/Alert';
import { AppHeader } from './components/AppHeader';
import { errorText } from './errors';
import { setFormattingLocale } from './format';
import {
  direction,
  I18nContext,
  storedLocale,
  storeLocale,
  translate,
  type I18n,
  type MessageKey,
  useI18n,
} from './i18n';
import { AccountPage } from './pages/AccountPage';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { ArmedGroupPage } from './pages/ArmedGroupPage';
import { ArmedGroupsPage } from './pages/ArmedGroupsPage';
import { CorrelationsPage } from './pages/CorrelationsPage';
import { GroupsPage } from './pages/GroupsPage';
import { ImportEventsPage } from './pages/ImportEventsPage';
import { IncidentFormPage } from './pages/IncidentFormPage';
import { IncidentPage } from './pages/IncidentPage';
import { LoginPage } from './pages/LoginPage';
import { NewReportPage } from './pages/NewReportPage';
import { IngestPage } from './pages/IngestPage';
import { DraftPage } from './pages/DraftPage';
import { EditObjectPage } from './pages/EditObjectPage';
import { ImportPage } from './pages/ImportPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { ObjectDetailPage } from './pages/ObjectDetailPage';
import { ObjectsPage } from './pages/ObjectsPage';
import { AuditPage } from './pages/AuditPage';
import { OrganisationPage } from './pages/OrganisationPage';
import { OverviewPage } from './pages/OverviewPage';
import { PicturePage } from './pages/PicturePage';
import { PeersPage } from './pages/PeersPage';
import { SearchPage } from './pages/SearchPage';
import { TokensPage } from './pages/TokensPage';
import { matchPath, navigate, useLocation } from './router';
import { SessionContext, useSession, type Session } from './session';
import { coordinationRoute } from './coordinationRoutes';

/** `undefined` while we ask the server whether a session exists. */
type MeState = Me | null | undefined;

export function App() {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const [me, setMeState] = useState<MeState>(undefined);
  const [members, setMembers] = useState<Map<string, Member>>(new Map());
  const [groups, setGroups] = useState<Map<string, Group>>(new Map());
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [localeError, setLocaleError] = useState<string | null>(null);
  // A language chosen on the login page wins over the account's; without a choice the account's
  // language applies, and the app says so when it differs from the login page's.
  const chosenAtLogin = useRef<Locale | null>(null);
  const [localeNotice, setLocaleNotice] = useState<Locale | null>(null);

  // Dates and digits follow the user's region in the interface language (contract/regions.ts);
  // the formatting helpers learn it here, before any page below formats.
  const formats = me
    ? formattingLocale(locale, me.region, me.member.iso2)
    : DEFAULT_FORMATS[locale];
  setFormattingLocale(formats);
  const i18n = useMemo<I18n>(
    () => ({
      locale,
      formats,
      dir: direction(locale),
      t: (key, params) => translate(locale, key, params),
    }),
    [locale, formats],
  );

  const setMe = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMeState(next);
    if (next) {
      setLocaleState(next.locale);
      storeLocale(next.locale);
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      setNotice('common.sessionExpired');
    });
    api.me().then(setMe, () => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, [setMe]);

  useEffect(() => {
    const root = document.documentElement;
    root.lang = locale;
    root.dir = direction(locale);
  }, [locale]);

  // The directory (members, groups) is needed to name owners, audiences and recipients.
  const userId = me?.id;
  const [directoryVersion, setDirectoryVersion] = useState(0);
  const reloadDirectory = useCallback(() => setDirectoryVersion((version) => version + 1), []);
  useEffect(() => {
    if (!userId) return;
    let live = true;
    api.members().then(
      (page) => live && setMembers(new Map(page.items.map((member) => [member.code, member]))),
      () => undefined,
    );
    api.groups().then(
      (page) => live && setGroups(new Map(page.items.map((group) => [group.slug, group]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [userId, directoryVersion]);

  const changeLocale = useCallback(
    (next: Locale) => {
      setLocaleState(next);
      storeLocale(next);
      setLocaleError(null);
      setLocaleNotice(null);
      if (!me) chosenAtLogin.current = next;
      if (me) {
        api.setLocale(next).then(
          (updated) => {
            setCsrfToken(updated.csrfToken ?? null);
            setMeState(updated);
          },
          (error: unknown) => setLocaleError(errorText(i18n.t, error)),
        );
      }
    },
    [me, i18n],
  );

  const reloadMe = useCallback(
    () =>
      api.me().then(
        (next) => {
          setCsrfToken(next.csrfToken ?? null);
          setMeState(next);
        },
        () => undefined,
      ),
    [],
  );

  const logout = useCallback(() => {
    api.logout().then(
      () => undefined,
      () => undefined,
    );
    setMe(null);
    setNotice(null);
    navigate('/', { replace: true });
  }, [setMe]);

  const session = useMemo<Session | null>(
    () =>
      me
        ? { me, members, groups, setLocale: changeLocale, reloadMe, reloadDirectory, logout }
        : null,
    [me, members, groups, changeLocale, reloadMe, reloadDirectory, logout],
  );

  return (
    <I18nContext.Provider value={i18n}>
      {me === undefined ? (
        <div className="splash" aria-busy="true">
          {i18n.t('common.loading')}
        </div>
      ) : session ? (
        <SessionContext.Provider value={session}>
          <a className="skip-link" href="#main">
            {i18n.t('app.skipToContent')}
          </a>
          <AppHeader />
          <main id="main" className="app-main">
            {localeError && <Alert>{localeError}</Alert>}
            {localeNotice && (
              <Alert kind="info" testId="locale-notice">
                {i18n.t('login.localeFromAccount', { language: i18n.t(`lang.${localeNotice}`) })}{' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setLocaleNotice(null)}
                  data-testid="locale-notice-dismiss"
                >
                  {i18n.t('login.localeNoticeDismiss')}
                </button>
              </Alert>
            )}
            <Routes />
          </main>
        </SessionContext.Provider>
      ) : (
        <LoginPage
          notice={notice}
          onLocale={changeLocale}
          onLogin={(next) => {
            setNotice(null);
            const chosen = chosenAtLogin.current;
            chosenAtLogin.current = null;
            if (chosen && chosen !== next.locale) {
              // The choice made here wins, and becomes the account's language.
              setMe({ ...next, locale: chosen });
              api.setLocale(chosen).then(
                (updated) => {
                  setCsrfToken(updated.csrfToken ?? null);
                  setMeState(updated);
                },
                (error: unknown) =>
                  setLocaleError(
                    translate(chosen, 'login.localeNotSaved', {
                      language: translate(chosen, `lang.${chosen}`),
                      message: errorText((key, params) => translate(chosen, key, params), error),
                    }),
                  ),
              );
            } else {
              setMe(next);
              if (next.locale !== locale) setLocaleNotice(next.locale);
            }
          }}
        />
      )}
    </I18nContext.Provider>
  );
}

function Routes() {
  const { pathname } = useLocation();
  const { me } = useSession();
  const { t } = useI18n();
  // The installation requires a second factor this user has not set up: only the account page works.
  const enrol = me.second_factor_required;
  useEffect(() => {
    if (enrol && pathname !== '/account') navigate('/account', { replace: true });
    else if (pathname === '/login') navigate('/', { replace: true });
  }, [pathname, enrol]);
  if (enrol)
    return (
      <>
        <Alert kind="warning" testId="totp-required-banner">
          {t('account.totp.requiredBanner')}
        </Alert>
        <AccountPage />
      </>
    );
  if (pathname === '/' || pathname === '/login') return <OverviewPage />;
  if (pathname === '/objects') return <ObjectsPage />;
  if (pathname === '/picture') return <PicturePage />;
  if (pathname === '/armed-groups') return <ArmedGroupsPage />;
  if (pathname === '/correlations') return <CorrelationsPage />;
  if (pathname === '/incidents/new') return <IncidentFormPage />;
  if (pathname === '/incidents/import') return <ImportEventsPage />;
  if (pathname === '/reports/new') return <NewReportPage />;
  if (pathname === '/ingest') return <IngestPage />;
  const draft = matchPath('/ingest/:id', pathname);
  if (draft?.id) return <DraftPage key={draft.id} id={draft.id} />;
  if (pathname === '/import') return <ImportPage />;
  if (pathname === '/tokens') return <TokensPage />;
  if (pathname === '/groups') return <GroupsPage />;
  if (pathname === '/account') return <AccountPage />;
  if (pathname === '/admin/users') return <AdminUsersPage />;
  if (pathname === '/admin/peers') return <PeersPage />;
  if (pathname === '/admin/organisation') return <OrganisationPage />;
  if (pathname === '/admin/audit') return <AuditPage />;
  const group = matchPath('/armed-groups/:id', pathname);
  if (group?.id) return <ArmedGroupPage key={group.id} id={group.id} />;
  const incident = matchPath('/incidents/:id', pathname);
  if (incident?.id) return <IncidentPage key={incident.id} id={incident.id} />;
  const edit = matchPath('/incidents/:id/edit', pathname);
  if (edit?.id) return <IncidentFormPage key={edit.id} id={edit.id} />;
  if (pathname === '/search') return <SearchPage />;
  if (pathname === '/notifications') return <NotificationsPage />;
  const editObject = matchPath('/objects/:id/edit', pathname);
  if (editObject?.id) return <EditObjectPage key={editObject.id} id={editObject.id} />;
  const coordination = coordinationRoute(pathname);
  if (coordination) return coordination;
  const detail = matchPath('/objects/:id', pathname);
  if (detail?.id) return <ObjectDetailPage key={detail.id} id={detail.id} />;
  return <NotFoundPage />;
}
