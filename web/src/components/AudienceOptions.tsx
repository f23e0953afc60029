import type { Localized } from '../api';
import { useI18n } from '../i18n';

/** The `<option>`s of an audience select: the owner, its working groups, the coalition, or
 * named recipients. Values are the API's audience spellings (`group:<slug>`). */
export function AudienceOptions({
  ownerName,
  groups,
}: {
  ownerName: string;
  groups: { slug: string; names: Localized }[];
}) {
  const { t, locale } = useI18n();
  return (
    <>
      <option value="member">{t('report.audience.member', { member: ownerName })}</option>
      {groups.map((group) => (
        <option key={group.slug} value={`group:${group.slug}`}>
          {t('report.audience.group', { group: group.names[locale] })}
        </option>
      ))}
      <option value="coalition">{t('report.audience.coalition')}</option>
      <option value="recipients">{t('report.audience.recipients')}</option>
    </>
  );
}
