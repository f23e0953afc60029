import { ApiError, LOCALES } from './api';
import { ERROR_CODES, ERROR_REASONS, type ErrorCode, type ErrorReason } from '../../contract/api';
import { formatNumber } from './format';
import { isLocale, isMessageKey, type MessageKey, type Translate } from './i18n';

// The sharing rules the server names in `rule` (src/policy/sharing.ts, after FIRST TLP 2.0).
const RULES: Record<string, MessageKey> = {
  tlp_red_recipients: 'report.rule.redRecipients',
  tlp_red_no_federation: 'report.rule.redNoFederate',
  tlp_amber_strict_not_coalition: 'report.rule.strictNoCoalition',
  recipients_empty: 'report.rule.recipientsEmpty',
};

/** Our catalog key for a sharing rule the server cited, if we know that rule. */
export function ruleKey(rule: string | undefined): MessageKey | null {
  return (rule !== undefined && RULES[rule]) || null;
}

/** Our wording for a sharing rule the server cited, if we know that rule. */
export function ruleText(t: Translate, rule: string | undefined): string | null {
  const key = ruleKey(rule);
  return key ? t(key) : null;
}

// Every code and reason has its text: the type checker refuses a code without a catalog key.
const codeKey = (code: ErrorCode): MessageKey => `error.code.${code}`;
const reasonKey = (reason: ErrorReason): MessageKey => `error.reason.${reason}`;
const isCode = (code: string): code is ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code);
const isReason = (reason: string | undefined): reason is ErrorReason =>
  (ERROR_REASONS as readonly string[]).includes(reason ?? '');
const WITH_LIMIT = new Set<ErrorReason>([
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
]);

/** A number in the interface's language (the page's `lang`, which App keeps). */
function number(value: number): string {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? formatNumber(lang, value) : String(value);
}

/**
 * A server field path (`names.fr`, `review.incidents[2].country`, `facts.latitude`) as the parts
 * we word: the path without indexes, its last name, and a language it ends with.
 */
export function fieldParts(field: string | undefined): {
  path: string;
  last: string;
  lang?: string;
} | null {
  if (!field) return null;
  const names = field
    .replace(/\[\d+\]/g, '')
    .split(/[./]/)
    .filter(Boolean);
  const tail = names[names.length - 1];
  const lang = tail && (LOCALES as readonly string[]).includes(tail) ? tail : undefined;
  if (lang) names.pop();
  const last = names[names.length - 1];
  if (!last) return null;
  return { path: names.join('.'), last, ...(lang ? { lang } : {}) };
}

/** The field's name in the user's language, or null for fields no form shows. */
function fieldLabel(t: Translate, parts: NonNullable<ReturnType<typeof fieldParts>>) {
  const key = [`field.${parts.path}`, `field.${parts.last}`].find(isMessageKey);
  if (!key) return null;
  const label = t(key);
  return parts.lang && isLocale(parts.lang)
    ? t('error.fieldInLanguage', { field: label, language: t(`error.language.${parts.lang}`) })
    : label;
}

/**
 * A server error in the user's language, never the server's English: the sharing rule it cites,
 * else what the request schema found wrong with the field (`reason`, `limit`), else what the code
 * means for that field, else what the code means; the field named as the forms name it.
 */
export function serverErrorText(t: Translate, error: ApiError): string {
  const rule = ruleText(t, error.rule);
  if (rule) return rule;
  if (!isCode(error.code)) {
    const status = error.status > 0 ? String(error.status) : '—';
    return t('error.code.unknown', { status });
  }
  const parts = fieldParts(error.field);
  const reason = error.detail?.reason;
  const limit = error.detail?.limit;
  let text: string | null = null;
  if (isReason(reason) && (limit !== undefined || !WITH_LIMIT.has(reason)))
    text = t(reasonKey(reason), limit === undefined ? undefined : { limit: number(limit) });
  else if (parts) {
    const detail = [
      `error.detail.${error.code}.${parts.path}`,
      `error.detail.${error.code}.${parts.last}`,
    ].find(isMessageKey);
    // A name missing in one language is "required", whatever the record.
    if (parts.lang && error.code === 'validation') text = t('error.reason.required');
    else if (detail) text = t(detail);
    else if (error.code === 'validation') text = t('error.reason.invalid');
  }
  if (text === null) return t(codeKey(error.code));
  const label = parts ? fieldLabel(t, parts) : null;
  return label
    ? t('error.withField', { field: label, message: text })
    : t('error.unnamedField', { message: text });
}

/** What to tell the user about a failed call, always in the user's language: our own wording for
 * transport problems, sharing rules and every stable error code, with the field named. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('common.networkError');
    if (error.status === 401 && !['invalid_credentials', 'totp_required'].includes(error.code))
      return t('common.sessionExpired');
    return serverErrorText(t, error);
  }
  return t('error.browser');
}
