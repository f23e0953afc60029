import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/index.ts';
import { inTurn } from '../db/turns.ts';
import { startBackground } from '../db/background.ts';
import type { StixObject } from '../stix/types.ts';
import { writeQueuedProjections } from './projections.ts';
import {
  advanceRange,
  claimRange,
  finishRange,
  hasWaiting,
  lockProjector,
  versionsInRange,
  waitingAtMost,
  waitingVersions,
} from './projections.repository.ts';

/**
 * The projector writes the projections of stored versions (projections.ts) after their
 * transaction, from the queue the store fills in it:
 * - a service's write (an incident, a report, a note, a peer's objects) projects its own versions
 *   right after its commit, before it answers;
 * - a client's batch (REST `POST /objects`, TAXII, `tansiq import`) answers once stored and leaves
 *   them queued: the server's projector catches up in the background (woken at once), and
 *   `tansiq projections run` does it from the command line;
 * - every API request first projects what waits, when little does (`projectionsCurrent`), so it
 *   reads what was written a moment ago; after a bulk import the answers follow the background
 *   projector instead of waiting for it.
 */

/** Versions projected per transaction: small enough that no writer waits long for the lock. */
const CHUNK = 1000;

/** Projects the next chunk of one range (or of the oldest), in one transaction; versions done. */
async function projectChunk(db: Db, id?: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    await lockProjector(trx);
    const range = await claimRange(trx, id);
    if (!range) return null;
    const rows = await versionsInRange(trx, range.from_added, range.to_added, CHUNK);
    await writeQueuedProjections(
      trx,
      rows.map((row) => ({ row, object: JSON.parse(row.body) as StixObject })),
    );
    if (rows.length < CHUNK) await finishRange(trx, range.id);
    else await advanceRange(trx, range.id, rows[rows.length - 1]!.added + 1);
    return rows.length;
  });
}

/**
 * Projects one queued range whole (the range a write just committed), chunk by chunk, as part of
 * the write's own piece of work (db/turns.ts): it takes no turn of its own.
 */
export async function projectRange(db: Db, id: number): Promise<void> {
  while ((await projectChunk(db, id)) !== null);
}

/** Projects what waits, oldest first, until the queue is empty or `deadline`; versions done. */
export async function projectWaiting(
  db: Db,
  deadline = Infinity,
  progress?: (done: number) => void,
): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await inTurn('long', () => projectChunk(db));
    if (n === null) return done;
    done += n;
    progress?.(done);
    if (Date.now() > deadline) return done;
  }
}

/** What a request waits for at most: more is the background projector's. */
const WAIT_FOR_VERSIONS = 5000;
const WAIT_MS = 3000;

/** How often a request looks at the queue when this process queued nothing since. */
const LOOK_EVERY_MS = 1000;
/** Bumped whenever this process leaves versions queued. */
let generation = 0;
const looked = new WeakMap<Db, { at: number; generation: number }>();

/**
 * Before a request: when a few versions wait (a member's identity written inside a larger change,
 * another process's), projects them, for at most a few seconds. A long backlog (a bulk import) is
 * left to the background projector, and the answer reads what is projected so far. The queue is
 * read when this process queued something since it last looked, and otherwise at most once a
 * second (other processes' API writes project their own versions before they answer).
 */
export async function projectionsCurrent(db: Db): Promise<void> {
  const now = Date.now();
  const last = looked.get(db);
  if (last && last.generation === generation && now - last.at < LOOK_EVERY_MS) return;
  looked.set(db, { at: now, generation });
  if (!(await hasWaiting(db))) return;
  if ((await waitingAtMost(db)) > WAIT_FOR_VERSIONS) return;
  await projectWaiting(db, Date.now() + WAIT_MS);
}

const queued = new EventEmitter();
queued.setMaxListeners(0);

/** A write left versions queued (a bulk import, a write inside a larger change). */
export function signalQueued(): void {
  generation += 1;
  queued.emit('queued');
}

/**
 * The server's background projector: woken by writes of this process that left work queued, and
 * polling for those of other processes (a `tansiq import`, another app server on PostgreSQL).
 */
export function startProjector(
  db: Db,
  onError: (error: unknown) => void,
  pollMs = 2000,
): { stop(): Promise<void> } {
  return startBackground(
    async (stopped) => {
      while (
        !stopped() &&
        (await hasWaiting(db)) &&
        (await projectWaiting(db, Date.now() + 1000)) > 0
      )
        await sleep(0);
    },
    { wakes: queued, onError, pollMs },
  );
}

/** How many stored versions wait for their projections (`tansiq projections status`). */
export function projectionsWaiting(db: Db): Promise<number> {
  return waitingVersions(db);
}

/**
 * The projector in a server: every request of `scope` (the API) first projects what little waits,
 * and the background projector runs from the server's start to its close.
 */
export function serveProjections(scope: FastifyInstance, db: Db): void {
  scope.addHook('preHandler', async () => {
    await projectionsCurrent(db);
  });
  let projector: { stop(): Promise<void> } | undefined;
  scope.addHook('onReady', async () => {
    projector = startProjector(db, (error) =>
      scope.log.error(
        { err: error },
        'projector: writing the projections of stored versions failed',
      ),
    );
  });
  scope.addHook('onClose', async () => {
    await projector?.stop();
  });
}
