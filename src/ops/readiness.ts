import { pendingMigrations, type DbHandle } from '../db/index.ts';
import { pingDatabase } from './ops.repository.ts';

/** Set when the process has been told to stop: a load balancer should send it nothing new. */
export interface ProcessState {
  shuttingDown: boolean;
}

export type Readiness =
  { ready: true } | { ready: false; reason: 'shutting_down' | 'database' | 'migrations' };

/** A check that does not answer in this time counts as a failed one (an unreachable host). */
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Ready to take requests: not shutting down, the database answers, and it has run every
 * migration this code knows (a process of a newer release waits until `serve` has migrated).
 */
export async function readiness(
  handle: DbHandle,
  state: ProcessState,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  if (state.shuttingDown) return { ready: false, reason: 'shutting_down' };
  try {
    await withTimeout(pingDatabase(handle.db), timeoutMs);
  } catch {
    return { ready: false, reason: 'database' };
  }
  // No bookkeeping table at all: the database was never migrated.
  const pending = await withTimeout(pendingMigrations(handle), timeoutMs).catch(() => ['?']);
  return pending.length ? { ready: false, reason: 'migrations' } : { ready: true };
}
