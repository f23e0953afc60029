import type { Audience } from '../api';
import { formatList } from '../format';
import { isMessageKey, useI18n } from '../i18n';
import { useSession } from '../session';

/** A member's name in the UI language; the code if the member is not known here. */
export function useMemberName(): (code: string) => string {
  const { members } = useSession();
  const { locale } = useI18n();
  return (code) => members.get(code)?.names[locale] ?? code;
}

export function useGroupName(): (slug: string) => string {
  const { groups, me } = useSession();
  const { locale } = useI18n();
  return (slug) =>
    groups.get(slug)?.names[locale] ??
    me.groups.find((group) => group.slug === slug)?.names[locale] ??
    slug;
}

export function useAudienceText(): (audience: Audience, owner: string) => string {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const groupName = useGroupName();
  return (audience, owner) => {
    if (typeof audience === 'object') {
      return t('audience.recipients', {
        list: formatList(locale, audience.recipients.map(memberName)),
      });
    }
    if (audience === 'member') return t('audience.member', { member: memberName(owner) });
    if (audience === 'coalition') return t('audience.coalition');
    return t('audience.group', { group: groupName(audience.slice('group:'.length)) });
  };
}

/** The name of a STIX type, or of another kind of record (meeting, project …), in the UI language. */
export function useTypeLabel(): (type: string) => string {
  const { t } = useI18n();
  return (type) => {
    for (const key of [`stix.${type}`, `record.${type}`]) if (isMessageKey(key)) return t(key);
    return type;
  };
}

export function StixType({ type }: { type: string }) {
  const label = useTypeLabel();
  return (
    <span className="stix-type" title={type}>
      {label(type)}
    </span>
  );
}

export function useSourceText(): (source: string) => string {
  const { t } = useI18n();
  return (source) => {
    const key = `source.${source}`;
    return isMessageKey(key) ? t(key) : source;
  };
}
