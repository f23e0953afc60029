import { useEffect } from 'react';
import { useI18n } from './i18n';

export function useTitle(title: string | null): void {
  const { t } = useI18n();
  const product = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} — ${product}` : product;
  }, [title, product]);
}
