/**
 * Loaded into the server by bench/load.ts (`node --import tsx --import ./bench/load.probe.ts`):
 * once a second, the event loop's delay over that second (perf_hooks.monitorEventLoopDelay), so the
 * bench can tell a blocked loop from a slow database, and the JavaScript heap (what of the RSS is
 * the server's own objects).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
setInterval(() => {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round(b / 1048576);
  process.stderr.write(
    `loop-delay ${JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), heap: mb(m.heapUsed), external: mb(m.external), buffers: mb(m.arrayBuffers) })}\n`,
  );
  delay.reset();
}, 1000).unref();
