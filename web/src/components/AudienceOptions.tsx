import type { Localized } from '../api';
import { useI18n } from '../i18n';

/** The `<option>`s of an audience select: the owner, its open working groups, the coalition,
 * or named recipients. Values are the API's audience spellings (`group:<slug>`). A closed group
 * is offered for no new record. */
export function AudienceOptions({
  ownerName,
  groups,
}: {
  ownerName: string;
  groups: { slug: string; names: Localized; closed_on?: string | null }[];
}) {
  const { t, locale } = useI18n();
  return (
    <>
      <option value="member">{t('report.audience.member', { member: ownerName })}</option>
      {groups
        .filter((group) => !group.closed_on)
        .map((group) => (
          <option key={group.slug} value={`group:${group.slug}`}>
            {t('report.audience.group', { group: group.names[locale] })}
          </option>
        ))}
      <option value="coalition">{t('report.audience.coalition')}</option>
      <option value="recipients">{t('report.audience.recipients')}</option>
    </>
  );
}
