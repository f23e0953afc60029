import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';

/** The search box of the header: on every page; `/` puts the cursor in it. */
export function SearchBox() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  const current = pathname === '/search' ? (search.get('q') ?? '') : '';
  const [text, setText] = useState(current);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setText(current), [current]);

  useEffect(() => {
    const focus = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target?.isContentEditable ||
        ['INPUT', 'TEXTAREA', 'SELECT'].includes(target?.tagName ?? '');
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', focus);
    return () => window.removeEventListener('keydown', focus);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const q = text.trim();
    if (q) navigate(`/search?${new URLSearchParams({ q })}`);
    else input.current?.focus();
  }

  return (
    <form className="search-box" role="search" onSubmit={submit} data-testid="search-box">
      <input
        ref={input}
        type="search"
        className="search-box-input"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        title={t('search.shortcut')}
        maxLength={500}
        // An empty box follows the page (its placeholder is in the page's language).
        dir={text ? 'auto' : undefined}
        enterKeyHint="search"
        data-testid="search-input"
      />
      <button type="submit" className="search-box-submit" data-testid="search-submit">
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M12.7 12.7 17 17" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">{t('search.submit')}</span>
      </button>
    </form>
  );
}
