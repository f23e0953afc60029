import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { listPeerRows } from './peers.repository.ts';
import { pullPeer } from './pull.ts';
import { openPeer } from './peers.service.ts';
import type { Keyring } from '../secrets/keyring.ts';

export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * While the server runs, pulls each peer every `interval_seconds` (0: never). Peers are re-read
 * on every tick, so ones added from the admin UI or the CLI are picked up. Returns a stop function.
 */
export function startScheduledPulls(
  db: Db,
  keyring: Keyring | null,
  log: Logger,
  tickMs = 5000,
  config?: Config,
): () => void {
  const running = new Set<string>();
  const tick = async () => {
    const now = Date.now();
    for (const peer of await listPeerRows(db)) {
      if (peer.interval_seconds <= 0 || running.has(peer.id)) continue;
      const last = peer.last_pull_at ? Date.parse(peer.last_pull_at) : 0;
      if (now - last < peer.interval_seconds * 1000) continue;
      running.add(peer.id);
      Promise.resolve()
        .then(() => pullPeer(db, openPeer(keyring, peer), config))
        .then((report) => {
          const stored = report.collections.reduce((n, c) => n + c.stored, 0);
          const errors = [report.error, ...report.collections.map((c) => c.error)].filter(Boolean);
          if (errors.length) log.warn({ peer: peer.name, errors }, 'scheduled pull failed');
          else log.info({ peer: peer.name, stored }, 'scheduled pull');
        })
        .catch((e: unknown) =>
          log.warn({ peer: peer.name, err: String(e) }, 'scheduled pull failed'),
        )
        .finally(() => running.delete(peer.id));
    }
  };
  const timer = setInterval(() => {
    tick().catch((e: unknown) => log.warn({ err: String(e) }, 'peer schedule'));
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
