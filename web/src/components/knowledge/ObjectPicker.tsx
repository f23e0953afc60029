import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ObjectLabel } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { knowledgeApi } from '../../knowledgeApi';
import { StixType } from '../Names';
import { labelText, ObjectRef, textDir } from './ObjectRef';

/** What a report refers to, by kind, as an analyst names them. */
export const PICKER_KINDS: { key: MessageKey; types: string[] }[] = [
  {
    key: 'knowledge.picker.all',
    types: [
      'intrusion-set',
      'threat-actor',
      'campaign',
      'incident',
      'location',
      'report',
      'identity',
    ],
  },
  { key: 'knowledge.picker.groups', types: ['intrusion-set', 'threat-actor', 'campaign'] },
  { key: 'knowledge.picker.incidents', types: ['incident'] },
  { key: 'knowledge.picker.places', types: ['location'] },
  { key: 'knowledge.picker.reports', types: ['report'] },
];

interface Props {
  value: ObjectLabel[];
  onChange: (next: ObjectLabel[]) => void;
  /** Not offered (the object being edited). */
  exclude?: string;
  testId?: string;
}

/**
 * Search-as-you-type for objects to refer to: names, aliases and translations in any of the three
 * languages, through the access policy; the chosen ones as removable chips. A combobox (WAI-ARIA
 * 1.2): arrows move in the list, Enter chooses, Escape closes.
 */
export function ObjectPicker({ value, onChange, exclude, testId = 'kn-picker' }: Props) {
  const { t, locale } = useI18n();
  const listId = useId();
  const [kind, setKind] = useState(0);
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<ObjectLabel[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    const text = q.trim();
    if (!text) {
      setOptions([]);
      setSearched(false);
      return;
    }
    let live = true;
    timer.current = setTimeout(() => {
      knowledgeApi.lookup(text, PICKER_KINDS[kind]!.types).then(
        (found) => {
          if (!live) return;
          setOptions(
            found.items.filter((o) => o.id !== exclude && !value.some((v) => v.id === o.id)),
          );
          setActive(0);
          setSearched(true);
          setOpen(true);
        },
        () => live && setOptions([]),
      );
    }, 200);
    return () => {
      live = false;
    };
  }, [q, kind, exclude, value]);

  const choose = (label: ObjectLabel) => {
    onChange([...value, label]);
    setQ('');
    setOpen(false);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      choose(options[active]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div className="kn-picker" data-testid={testId}>
      {value.length > 0 && (
        <ul className="kn-chips" aria-label={t('knowledge.picker.chosen')}>
          {value.map((label) => (
            <li key={label.id} className="kn-chip" data-testid="kn-chip" data-object-id={label.id}>
              <ObjectRef label={label} />
              <button
                type="button"
                className="kn-chip-remove"
                aria-label={t('knowledge.picker.remove', {
                  name: labelText(label, locale)?.text ?? label.id,
                })}
                onClick={() => onChange(value.filter((v) => v.id !== label.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="kn-picker-row">
        <select
          className="select kn-picker-kind"
          value={kind}
          onChange={(e) => setKind(Number(e.target.value))}
          aria-label={t('knowledge.picker.kind')}
          data-testid={`${testId}-kind`}
        >
          {PICKER_KINDS.map((k, index) => (
            <option key={k.key} value={index}>
              {t(k.key)}
            </option>
          ))}
        </select>
        <div className="kn-combo">
          <input
            className="input"
            type="search"
            role="combobox"
            aria-expanded={open && options.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
            aria-label={t('knowledge.picker.search')}
            placeholder={t('knowledge.picker.placeholder')}
            dir="auto"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={keys}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onFocus={() => options.length > 0 && setOpen(true)}
            data-testid={`${testId}-input`}
          />
          {open && (
            <ul className="kn-options" role="listbox" id={listId}>
              {options.length === 0 && searched && (
                <li className="kn-option muted">{t('knowledge.picker.none')}</li>
              )}
              {options.map((option, index) => {
                const name = labelText(option, locale);
                return (
                  <li
                    key={option.id}
                    id={`${listId}-${index}`}
                    role="option"
                    aria-selected={index === active}
                    className={index === active ? 'kn-option active' : 'kn-option'}
                    onMouseDown={(event) => {
                      event.preventDefault();
                      choose(option);
                    }}
                    data-testid={`${testId}-option`}
                    data-object-id={option.id}
                  >
                    <StixType type={option.type} />{' '}
                    <bdi lang={name?.lang} dir={textDir(name?.lang)}>
                      {name?.text ?? option.id}
                    </bdi>
                    {option.revoked && (
                      <span className="tag tag-revoked">{t('objects.revoked')}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
