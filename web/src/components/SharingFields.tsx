import { useMemo, useState } from 'react';
import { TLP_LEVELS, type Audience, type Tlp } from '../api';
import { compareText } from '../format';
import { typedDir, useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { FieldMessage } from './Alert';
import { AudienceOptions } from './AudienceOptions';
import { Field } from './Field';
import { tlpLabel } from './TlpBadge';

export interface Sharing {
  /** `member`, `coalition`, `group:<slug>` or `recipients`. */
  audience: string;
  recipients: string[];
  tlp: Tlp;
  federate: boolean;
}

export const DEFAULT_SHARING: Sharing = {
  audience: 'group:africa-focus-group',
  recipients: [],
  tlp: 'amber',
  federate: false,
};

/** The API's spelling of the audience chosen. */
export function audienceOf(sharing: Sharing): Audience {
  if (sharing.audience === 'recipients') return { recipients: sharing.recipients };
  if (sharing.audience === 'member' || sharing.audience === 'coalition') return sharing.audience;
  return sharing.audience as `group:${string}`;
}

export function sharingFrom(value: { audience: Audience; tlp: Tlp; federate: boolean }): Sharing {
  return typeof value.audience === 'object'
    ? {
        audience: 'recipients',
        recipients: value.audience.recipients,
        tlp: value.tlp,
        federate: value.federate,
      }
    : { audience: value.audience, recipients: [], tlp: value.tlp, federate: value.federate };
}

/**
 * TLP, audience (with named recipients) and federation, as for any shared record. The warnings
 * mirror the server's rules (FIRST TLP 2.0); the server decides.
 */
export function SharingFields({
  value,
  onChange,
  error,
  testId,
}: {
  value: Sharing;
  onChange: (next: Sharing) => void;
  error?: { field: 'tlp' | 'audience' | 'federate'; text: string } | null;
  testId: string;
}) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  const [filter, setFilter] = useState('');
  const options = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    return [...members.values()]
      .filter((m) => m.code !== me.member.code && !m.retired_on)
      .map((m) => ({ code: m.code, name: m.names[locale] }))
      .filter(
        (m) =>
          !needle ||
          m.name.toLocaleLowerCase().includes(needle) ||
          m.code.toLowerCase().includes(needle),
      )
      .sort((a, b) => compareText(locale, a.name, b.name));
  }, [members, me.member.code, filter, locale]);
  const warnings: MessageKey[] = [];
  if (value.tlp === 'red' && value.audience !== 'recipients')
    warnings.push('report.rule.redRecipients');
  if (value.tlp === 'amber+strict' && value.audience === 'coalition')
    warnings.push('report.rule.strictNoCoalition');
  if (value.audience === 'recipients' && value.recipients.length === 0)
    warnings.push('report.rule.recipientsEmpty');
  const set = (change: Partial<Sharing>) => onChange({ ...value, ...change });
  return (
    <div className="sharing-fields" data-testid={testId}>
      <Field
        label={t('report.tlp')}
        hint={t(`tlp.desc.${value.tlp}`)}
        error={error?.field === 'tlp' ? error.text : undefined}
      >
        <select
          className="select"
          dir="ltr"
          value={value.tlp}
          onChange={(e) =>
            set({
              tlp: e.target.value as Tlp,
              federate: e.target.value === 'red' ? false : value.federate,
            })
          }
          data-testid={`${testId}-tlp`}
        >
          {TLP_LEVELS.map((tlp) => (
            <option key={tlp} value={tlp}>
              {tlpLabel(tlp)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label={t('report.audience')}
        error={error?.field === 'audience' ? error.text : undefined}
      >
        <select
          className="select"
          value={value.audience}
          onChange={(e) => set({ audience: e.target.value })}
          data-testid={`${testId}-audience`}
        >
          <AudienceOptions ownerName={me.member.names[locale]} groups={me.groups} />
        </select>
      </Field>
      {/* A warning the form's error repeats (the server cited the same rule) is shown once. */}
      {warnings
        .filter((key) => !(error && error.text === t(key)))
        .map((key) => (
          <FieldMessage key={key} id={`${testId}-${key}`} kind="warning">
            {t(key)}
          </FieldMessage>
        ))}
      {value.audience === 'recipients' && (
        <fieldset className="recipients">
          <legend>{t('report.recipients')}</legend>
          <input
            className="input input-small"
            type="search"
            placeholder={t('report.recipientsFilter')}
            aria-label={t('report.recipientsFilter')}
            dir={typedDir(filter)}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <div className="recipient-list">
            {options.map((m) => (
              <label key={m.code} className="check">
                <input
                  type="checkbox"
                  checked={value.recipients.includes(m.code)}
                  onChange={(e) =>
                    set({
                      recipients: e.target.checked
                        ? [...value.recipients, m.code]
                        : value.recipients.filter((c) => c !== m.code),
                    })
                  }
                  data-testid={`${testId}-recipient-${m.code}`}
                />
                <span>{m.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={value.federate}
          disabled={value.tlp === 'red'}
          onChange={(e) => set({ federate: e.target.checked })}
        />
        <span>
          {t('report.federate')}
          <span className="hint">{t('report.federateHint')}</span>
        </span>
      </label>
      {error?.field === 'federate' && (
        <FieldMessage id={`${testId}-federate-error`} kind="error">
          {error.text}
        </FieldMessage>
      )}
    </div>
  );
}
