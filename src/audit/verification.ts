import type { Db } from '../db/index.ts';
import { verifyAudit, type AuditVerdict } from './audit.service.ts';

/**
 * The audit view shows the result of the last hash-chain check and when it ran. A check reads the
 * whole log, so it runs at most one at a time per database, its result is kept for a while, and a
 * request waits for a running check only briefly: a long log is answered with the previous result
 * and `checking`, and the next request gets the new one.
 */
export interface AuditCheck {
  verdict: AuditVerdict;
  checkedAt: string;
}

interface CheckState {
  last: AuditCheck | null;
  running: Promise<AuditCheck> | null;
}

const states = new WeakMap<Db, CheckState>();

export interface CheckTiming {
  /** A result younger than this is answered as it is. */
  maxAgeMs: number;
  /** A result younger than this is answered even when a fresh check is asked for. */
  minAgeMs: number;
  /** How long a request waits for a running check. */
  waitMs: number;
}

export const CHECK_TIMING: CheckTiming = { maxAgeMs: 5 * 60_000, minAgeMs: 10_000, waitMs: 2_000 };

function start(db: Db, state: CheckState): Promise<AuditCheck> {
  state.running ??= verifyAudit(db).then(
    (verdict) => {
      state.last = { verdict, checkedAt: new Date().toISOString() };
      state.running = null;
      return state.last;
    },
    (error: unknown) => {
      state.running = null;
      throw error;
    },
  );
  return state.running;
}

/** Resolves after `ms`, or never keeps the process up: the timer is cleared once not needed. */
function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function auditCheck(
  db: Db,
  fresh = false,
  timing: CheckTiming = CHECK_TIMING,
): Promise<{ check: AuditCheck | null; checking: boolean }> {
  let state = states.get(db);
  if (!state) states.set(db, (state = { last: null, running: null }));
  const age = state.last ? Date.now() - Date.parse(state.last.checkedAt) : Infinity;
  if (age < (fresh ? timing.minAgeMs : timing.maxAgeMs))
    return { check: state.last, checking: state.running !== null };
  const done = await within(start(db, state), timing.waitMs);
  return done ? { check: done, checking: false } : { check: state.last, checking: true };
}
