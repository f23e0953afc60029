import { setImmediate as nextTick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SHORT_WINDOW_MS, takeTurn, waitingTurns } from './turns.ts';

/** Busy work on the event loop, as a synchronous SQLite statement is. */
const hold = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('turns of long work', () => {
  it('runs one piece per turn of the event loop, so quick work in between is not kept waiting', async () => {
    const log: string[] = [];
    const pieces = Array.from({ length: 5 }, async (_, i) => {
      await takeTurn('short');
      log.push(`piece ${i}`);
      hold(5);
    });
    // Something quick that arrives meanwhile (a socket read, a timer) runs after the first piece.
    setTimeout(() => log.push('quick'), 0);
    await Promise.all(pieces);
    expect(log.indexOf('quick')).toBeGreaterThan(0);
    expect(log.indexOf('quick')).toBeLessThan(3);
    expect(log.filter((l) => l.startsWith('piece'))).toEqual([
      'piece 0',
      'piece 1',
      'piece 2',
      'piece 3',
      'piece 4',
    ]);
    expect(waitingTurns()).toBe(0);
  });

  it('lets short pieces pass queued long ones, and still runs every long one', async () => {
    const log: string[] = [];
    const longs = Array.from({ length: 4 }, async (_, i) => {
      await takeTurn('long');
      log.push(`long ${i}`);
      hold(SHORT_WINDOW_MS / 2);
    });
    await nextTick();
    const shorts = Array.from({ length: 40 }, async (_, i) => {
      await takeTurn('short');
      log.push(`short ${i}`);
      hold(5);
    });
    await Promise.all([...longs, ...shorts]);
    // The long pieces were queued first, yet the short ones did not wait for all of them: they
    // ran between the long ones (after each long one, for at least as long as it took) ...
    expect(log.indexOf('short 0')).toBeLessThan(log.indexOf('long 1'));
    const between = log.indexOf('long 2') - log.indexOf('long 1') - 1;
    expect(between).toBeGreaterThanOrEqual(5);
    // ... and a steady stream of short pieces did not keep the long ones out until it ended.
    expect(log.indexOf('long 3')).toBeLessThan(log.indexOf('short 39'));
    expect(log.filter((l) => l.startsWith('long'))).toEqual([
      'long 0',
      'long 1',
      'long 2',
      'long 3',
    ]);
  });

  it('runs a long piece at once when no short one waits', async () => {
    const t0 = Date.now();
    await takeTurn('long');
    expect(Date.now() - t0).toBeLessThan(SHORT_WINDOW_MS * 5);
  });
});
