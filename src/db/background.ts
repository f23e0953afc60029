import type { EventEmitter } from 'node:events';

/**
 * A server's background loop over a queue kept in the database (the search index's, the
 * projections'): `work` runs when `wakes` emits 'queued' (a write of this process, just before it
 * commits: the loop looks shortly after) and on a poll (writes of other processes: another app
 * server on PostgreSQL, a CLI import). One run at a time: a wake during a run makes it run once
 * more when it ends. A failure goes to `onError`, and the loop goes on.
 */
export function startBackground(
  work: (stopped: () => boolean) => Promise<void>,
  options: { wakes: EventEmitter; onError: (error: unknown) => void; pollMs: number },
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let active: Promise<void> = Promise.resolve();
  let running = false;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    active = (async () => {
      try {
        do {
          again = false;
          await work(() => stopped);
        } while (again && !stopped);
      } catch (error) {
        if (!stopped) options.onError(error);
      } finally {
        running = false;
      }
    })();
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      run();
      void active.then(() => schedule(options.pollMs));
    }, ms);
  };
  const wake = () => schedule(25);
  options.wakes.on('queued', wake);
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      options.wakes.off('queued', wake);
      await active;
    },
  };
}
