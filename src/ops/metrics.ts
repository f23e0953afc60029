import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sqliteConnection, type DbHandle } from '../db/index.ts';
import { auditChainLength, peerPulls, type PeerPull } from './ops.repository.ts';

/** What the database says at one scrape; read once however many gauges need it. */
interface Snapshot {
  up: boolean;
  auditEntries: number | null;
  peers: PeerPull[];
}

/** Scrapes closer together than this share one read of the database. */
const SNAPSHOT_MS = 1000;

export interface Metrics {
  registry: Registry;
  /** Counts one answered request under its route pattern (never the raw URL). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * The Prometheus metrics of one app (a registry of its own, so several apps in one process, as in
 * the tests, do not collide). Request rates and latencies by route pattern and status; the
 * database pool; the audit chain's length and each peer's last pull, read from the database at
 * scrape time (so every process of a PostgreSQL installation reports the same figures); and
 * prom-client's process metrics (CPU, memory, event-loop lag, handles, GC).
 */
export function createMetrics(handle: DbHandle): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'tansiq_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames,
    registers,
  });
  const durations = new Histogram({
    name: 'tansiq_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  let snapshot: { at: number; value: Promise<Snapshot> } | null = null;
  const read = async (): Promise<Snapshot> => {
    try {
      const [auditEntries, peers] = await Promise.all([
        auditChainLength(handle.db),
        peerPulls(handle.db),
      ]);
      return { up: true, auditEntries, peers };
    } catch {
      return { up: false, auditEntries: null, peers: [] };
    }
  };
  const current = () => {
    if (!snapshot || Date.now() - snapshot.at > SNAPSHOT_MS)
      snapshot = { at: Date.now(), value: read() };
    return snapshot.value;
  };

  new Gauge({
    name: 'tansiq_db_up',
    help: 'Whether the database answered at this scrape (1) or not (0)',
    labelNames: ['dialect'],
    registers,
    async collect() {
      this.set({ dialect: handle.dialect }, (await current()).up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tansiq_audit_chain_length',
    help: 'Entries in the hash-chained audit log (its head sequence number)',
    registers,
    async collect() {
      const { auditEntries } = await current();
      if (auditEntries === null) this.reset();
      else this.set(auditEntries);
    },
  });
  new Gauge({
    name: 'tansiq_federation_last_pull_timestamp_seconds',
    help: 'When each federation peer was last pulled (Unix time); absent for peers never pulled',
    labelNames: ['peer'],
    registers,
    async collect() {
      this.reset();
      for (const p of (await current()).peers)
        if (p.lastPullAt) this.set({ peer: p.name }, Date.parse(p.lastPullAt) / 1000);
    },
  });
  new Gauge({
    name: 'tansiq_federation_last_pull_success',
    help: "Whether each peer's last pull (or push) succeeded (1) or failed (0)",
    labelNames: ['peer'],
    registers,
    async collect() {
      this.reset();
      for (const p of (await current()).peers)
        if (p.lastPullAt) this.set({ peer: p.name }, p.lastError ? 0 : 1);
    },
  });

  const pool = handle.pool;
  if (pool) {
    // node-postgres's own counts: connections open, idle among them, and queries queued for one.
    const poolGauge = (name: string, help: string, value: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(value());
        },
      });
    poolGauge(
      'tansiq_db_pool_connections',
      'PostgreSQL connections open in the pool',
      () => pool.totalCount,
    );
    poolGauge(
      'tansiq_db_pool_idle_connections',
      'PostgreSQL connections idle in the pool',
      () => pool.idleCount,
    );
    poolGauge(
      'tansiq_db_pool_waiting_requests',
      'Queries waiting for a PostgreSQL connection from the pool',
      () => pool.waitingCount,
    );
  } else {
    // SQLite has no pool: one connection, busy while a transaction holds it.
    const sqlite = sqliteConnection(handle.db);
    new Gauge({
      name: 'tansiq_db_sqlite_busy',
      help: 'Whether the SQLite connection is inside a transaction at this scrape (1) or idle (0)',
      registers,
      collect() {
        this.set(sqlite?.inTransaction ? 1 : 0);
      },
    });
  }

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
  };
}

/** Counts every answered request, refused and unmatched ones too: add it before any route. */
export function countRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(
      request.method,
      // The pattern (`/api/v1/objects/:id`), never the URL: one series per route, no ids or tokens.
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}
