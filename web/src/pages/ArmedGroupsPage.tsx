import { pictureApi } from '../pictureApi';
import { LoadError } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { Table } from '../components/Table';
import { localName } from '../components/picture/labels';
import { useLoad } from '../components/picture/PicturePanels';
import { formatDate, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useTitle } from '../useTitle';

/** Armed groups the member may see, the most active first. */
export function ArmedGroupsPage() {
  const { t, locale } = useI18n();
  useTitle(t('groups.armed.title'));
  const groups = useLoad(() => pictureApi.groups(), 'groups');
  return (
    <section className="page">
      <PageHeader title={t('groups.armed.title')} subtitle={t('groups.armed.subtitle')} />
      {groups.error !== null && <LoadError error={groups.error} onRetry={groups.retry} />}
      <Table
        testId="armed-groups"
        columns={[
          { label: t('groups.armed.name'), className: 'col-name' },
          t('groups.armed.aliases'),
          { label: t('picture.measure.incidents'), className: 'num' },
          { label: t('picture.measure.fatalities'), className: 'num' },
          t('groups.armed.lastEvent'),
        ]}
        message={
          groups.data && groups.data.items.length === 0 ? { text: t('groups.armed.none') } : null
        }
      >
        {groups.data?.items.map((g) => (
          <tr key={g.id} data-testid="armed-group-row">
            <td className="col-name">
              <Link
                to={`/armed-groups/${encodeURIComponent(g.id)}`}
                className="object-link"
                data-testid="armed-group-link"
              >
                {localName(g.names, locale, g.id)}
              </Link>
            </td>
            <td className="cell-aliases">{(g.aliases[locale] ?? []).slice(0, 4).join(' · ')}</td>
            <td className="num">{formatNumber(locale, g.incidents)}</td>
            <td className="num">{formatNumber(locale, g.fatalities)}</td>
            <td className="cell-date">{g.last_event ? formatDate(locale, g.last_event) : '—'}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
