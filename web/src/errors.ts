import { ApiError } from './api';
import type { MessageKey, Translate } from './i18n';

// The sharing rules the server names in `rule` (src/policy/sharing.ts, after FIRST TLP 2.0).
const RULES: Record<string, MessageKey> = {
  tlp_red_recipients: 'report.rule.redRecipients',
  tlp_red_no_federation: 'report.rule.redNoFederate',
  tlp_amber_strict_not_coalition: 'report.rule.strictNoCoalition',
  recipients_empty: 'report.rule.recipientsEmpty',
};

/** Our wording for a sharing rule the server cited, if we know that rule. */
export function ruleText(t: Translate, rule: string | undefined): string | null {
  const key = rule === undefined ? undefined : RULES[rule];
  return key ? t(key) : null;
}

/** What to tell the user about a failed call: our own wording for transport problems and for
 * sharing rules we know, the server's message (which names the field) for everything else. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('common.networkError');
    if (error.status === 401) return t('common.sessionExpired');
    if (error.status === 403 && error.code !== 'forbidden') return t('common.forbidden');
    return ruleText(t, error.rule) ?? (error.message || error.code);
  }
  return error instanceof Error ? error.message : String(error);
}
