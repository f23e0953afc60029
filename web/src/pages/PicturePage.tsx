import { pictureApi } from '../pictureApi';
import { PageHeader } from '../components/PageHeader';
import { usePictureState } from '../components/picture/filters';
import {
  MapPanel,
  PictureFiltersBar,
  TrendPanel,
  useLoad,
} from '../components/picture/PicturePanels';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** The threat picture with every filter: the map of Africa and the trends. */
export function PicturePage() {
  const { t } = useI18n();
  const { me } = useSession();
  useTitle(t('picture.title'));
  const [state, update] = usePictureState();
  const groups = useLoad(() => pictureApi.groups(), 'groups');
  const countries = useLoad(() => pictureApi.map({}), 'countries');
  return (
    <section className="page picture-page">
      <PageHeader title={t('picture.title')} subtitle={t('picture.subtitle')}>
        {me.role !== 'reader' && (
          <>
            <Link to="/incidents/new" className="button button-primary">
              {t('overview.recordIncident')}
            </Link>
            <Link to="/incidents/import" className="button">
              {t('overview.importEvents')}
            </Link>
          </>
        )}
        <Link to="/correlations" className="button button-ghost-dark">
          {t('nav.correlations')}
        </Link>
      </PageHeader>
      <PictureFiltersBar
        filters={state.filters}
        onChange={update}
        groups={groups.data?.items ?? []}
        measure={state.measure}
        onMeasure={(measure) => update({ measure })}
        countries={(countries.data?.countries ?? []).map((c) => c.country)}
      />
      <MapPanel filters={state.filters} measure={state.measure} />
      <TrendPanel filters={state.filters} measure={state.measure} />
    </section>
  );
}
