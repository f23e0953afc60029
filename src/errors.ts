import { mayChangeAccount } from './policy/roles.ts';
import type { Actor } from './policy/viewer.ts';
import type { ErrorCode, ErrorReason } from '../contract/errors.ts';

/** One error shape for every surface: a status, a stable code, a message naming the field. */
export type { ErrorCode, ErrorReason };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** For sharing-rule violations: which rule (e.g. `tlp_red_recipients`), so a UI can translate it. */
    readonly rule?: string,
    /** For a value the request schema refused: the keyword it broke, and its limit if it has one. */
    readonly detail?: { reason: ErrorReason; limit?: number },
  ) {
    super(message);
  }

  toJSON(): {
    code: ErrorCode;
    message: string;
    field?: string;
    rule?: string;
    reason?: ErrorReason;
    limit?: number;
  } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.rule ? { rule: this.rule } : {}),
      ...(this.detail ? { reason: this.detail.reason } : {}),
      ...(this.detail?.limit !== undefined ? { limit: this.detail.limit } : {}),
    };
  }
}

export const badRequest = (field: string, message: string) =>
  new AppError(400, 'validation', `${field}: ${message}`, field);
export const notFound = (what = 'object') => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);

/**
 * Account, security and administration changes are made by a person in a session: an API token of
 * any scope never changes an account (policy/roles.ts#mayChangeAccount).
 */
export function requireSession(actor: Pick<Actor, 'via'>): void {
  if (!mayChangeAccount(actor))
    throw new AppError(
      403,
      'session_required',
      'authorization: account and administration changes need a signed-in session, not an API token',
      'authorization',
    );
}
