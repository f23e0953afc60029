/**
 * Work that reads or writes many rows takes a turn: one piece at a time, each in a turn of the
 * event loop of its own, so that between two pieces the server reads its sockets and answers what
 * is quick (a page of the web app, `GET /me`) at once.
 *
 * Why: with SQLite every query runs on the event loop itself. Without turns, fifty TAXII clients
 * paging at once are answered one after the other in a single stretch, and a request arriving
 * meanwhile waits behind all of them; a batch of 500 objects holds the loop for as long as it takes
 * to store. With turns, such a request waits for one piece at most.
 *
 * Two kinds of piece: `short` (a page of a listing) and `long` (storing a batch, a page of an
 * export, a chunk of the search index). Pieces of one kind run in the order they asked. While short
 * pieces wait, long ones get at most a third of the time: after a long piece, short ones run for
 * twice as long as it held the loop (at least `SHORT_WINDOW_MS`) before the next long one. So a
 * listing is not stuck behind every queued write, and writes never starve. One long piece at a time: with
 * PostgreSQL, where a piece waits for the database off the loop, writers would otherwise hold the
 * pool's connections while they queue for the audit head, and readers wait for a connection.
 */

export type TurnKind = 'short' | 'long';

/** Time short pieces get between two long ones, when they wait: at least this long ... */
export const SHORT_WINDOW_MS = 20;
/** ... and this many times as long as the long piece before held the loop. */
export const SHORT_SHARE = 2;

const waiting: Record<TurnKind, (() => void)[]> = { short: [], long: [] };
let scheduled = false;
/** The long piece that ran last: when it started, and how long it held the loop. */
let lastLong = { at: 0, took: 0 };
let runningLong = false;
/** Long pieces started and not finished (on PostgreSQL they outlast their turn). */
let longInFlight = 0;

function runOne(): void {
  scheduled = false;
  const now = Date.now();
  // A piece runs between two calls of this function: the previous long one has now finished.
  if (runningLong) {
    lastLong = { at: lastLong.at, took: now - lastLong.at };
    runningLong = false;
  }
  const shortsHadTheirTime =
    now - (lastLong.at + lastLong.took) >= Math.max(SHORT_WINDOW_MS, SHORT_SHARE * lastLong.took);
  const long =
    waiting.long.length > 0 &&
    longInFlight === 0 &&
    (waiting.short.length === 0 || shortsHadTheirTime);
  const go = long ? waiting.long.shift() : waiting.short.shift();
  if (long) {
    lastLong = { at: now, took: 0 };
    runningLong = true;
  }
  // The piece runs when this callback returns (its promise resolves): alone in this turn. An
  // immediate queued now runs in the next turn of the loop, after the sockets have been read.
  go?.();
  if (waiting.short.length > 0 || (waiting.long.length > 0 && longInFlight === 0) || runningLong)
    schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(runOne);
}

function takeTurn(kind: TurnKind): Promise<void> {
  return new Promise((resolve) => {
    waiting[kind].push(resolve);
    schedule();
  });
}

/** Does one piece of work when it is its turn. Never call it inside a transaction. */
export async function inTurn<T>(kind: TurnKind, work: () => Promise<T>): Promise<T> {
  await takeTurn(kind);
  if (kind === 'short') return work();
  longInFlight += 1;
  try {
    return await work();
  } finally {
    longInFlight -= 1;
    schedule();
  }
}

/** How many pieces wait (tests, metrics). */
export function waitingTurns(): number {
  return waiting.short.length + waiting.long.length;
}
