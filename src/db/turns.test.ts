import { setImmediate as nextTick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { inTurn, SHORT_SHARE, SHORT_WINDOW_MS, waitingTurns } from './turns.ts';

/** Busy work on the event loop, as a synchronous SQLite statement is. */
const hold = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('turns of long work', () => {
  it('runs one piece per turn of the event loop, so quick work in between is not kept waiting', async () => {
    const log: string[] = [];
    const pieces = Array.from({ length: 5 }, (_, i) =>
      inTurn('short', async () => {
        log.push(`piece ${i}`);
        hold(5);
      }),
    );
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
    const longs = Array.from({ length: 4 }, (_, i) =>
      inTurn('long', async () => {
        log.push(`long ${i}`);
        hold(30);
      }),
    );
    await nextTick();
    const shorts = Array.from({ length: 80 }, (_, i) =>
      inTurn('short', async () => {
        log.push(`short ${i}`);
        hold(5);
      }),
    );
    await Promise.all([...longs, ...shorts]);
    // The long pieces were queued first, yet the short ones did not wait for all of them: they
    // ran between the long ones (after each long one, for at least as long as it took) ...
    expect(log.indexOf('short 0')).toBeLessThan(log.indexOf('long 1'));
    // (30 ms long pieces: short ones get twice that, some twelve pieces of 5 ms)
    const between = log.indexOf('long 2') - log.indexOf('long 1') - 1;
    expect(between).toBeGreaterThanOrEqual((SHORT_SHARE * 30) / 5 - 4);
    // ... and a steady stream of short pieces did not keep the long ones out until it ended.
    expect(log.indexOf('long 3')).toBeLessThan(log.indexOf('short 79'));
    expect(log.filter((l) => l.startsWith('long'))).toEqual([
      'long 0',
      'long 1',
      'long 2',
      'long 3',
    ]);
  });

  it('runs a long piece at once when no short one waits', async () => {
    const t0 = Date.now();
    await inTurn('long', async () => undefined);
    expect(Date.now() - t0).toBeLessThan(SHORT_WINDOW_MS * 5);
  });

  it('starts one long piece at a time, even when pieces wait off the loop (PostgreSQL)', async () => {
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        inTurn('long', async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('a piece that fails gives its turn up', async () => {
    await expect(
      inTurn('long', async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(inTurn('long', async () => 'next')).resolves.toBe('next');
  });
});
