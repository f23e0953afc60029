import { useI18n } from '../i18n';
import { Link } from '../router';
import { useTitle } from '../useTitle';

export function NotFoundPage() {
  const { t } = useI18n();
  useTitle(t('common.notFound'));
  return (
    <section className="page" data-testid="not-found">
      <div className="empty-state">
        <p>{t('common.notFound')}</p>
        <Link to="/objects" className="button">
          {t('common.backToObjects')}
        </Link>
      </div>
    </section>
  );
}
