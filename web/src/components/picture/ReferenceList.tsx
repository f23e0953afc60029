import type { Correlation } from '../../pictureApi';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { StixType, useMemberName } from '../Names';
import { Table } from '../Table';
import { TlpBadge } from '../TlpBadge';

/** What refers to a subject: reports, incidents, notes, with their owner and date. */
export function ReferenceList({
  correlation,
  types,
  testId,
}: {
  correlation: Correlation;
  types?: string[];
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const items = correlation.objects.filter((o) => !types || types.includes(o.type));
  return (
    <Table
      testId={testId}
      columns={[
        t('objects.col.type'),
        { label: t('objects.col.name'), className: 'col-name' },
        t('objects.col.owner'),
        t('objects.col.tlp'),
        t('correlations.date'),
      ]}
      message={items.length === 0 ? { text: t('correlations.none') } : null}
    >
      {items.map((o) => (
        <tr key={o.id} data-testid="reference-row">
          <td className="cell-type">
            <StixType type={o.type} />
          </td>
          <td className="col-name">
            <Link
              to={
                o.type === 'incident'
                  ? `/incidents/${encodeURIComponent(o.id)}`
                  : `/objects/${encodeURIComponent(o.id)}`
              }
              className="object-link"
            >
              <bdi>{o.name}</bdi>
            </Link>
            {o.via === 'hop' && (
              <span className="tag" title={t('correlations.viaHint')}>
                {t('correlations.via')}
              </span>
            )}
          </td>
          <td>{memberName(o.owner)}</td>
          <td>
            <TlpBadge tlp={o.tlp} />
          </td>
          <td className="cell-date">{o.date ? formatDate(locale, o.date) : ''}</td>
        </tr>
      ))}
    </Table>
  );
}
