import { ApiError } from './api';
import type { Translate } from './i18n';

/** What to tell the user about a failed call: our own wording for transport problems,
 * the server's message (which names the field) for everything it explains. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('common.networkError');
    if (error.status === 401) return t('common.sessionExpired');
    if (error.status === 403 && error.code !== 'forbidden') return t('common.forbidden');
    return error.message || error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
