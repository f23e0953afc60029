import { Worker } from 'node:worker_threads';
import type { Extraction } from '../../contract/ingest.ts';
import { ArticleError, type ReadOptions } from './article.errors.ts';

/**
 * Reading an article is synchronous work: a few milliseconds for a news page, seconds for a 5 MB
 * upload. The server hands it to one worker thread, so no request ever holds the event loop; the
 * worker builds its dictionaries once and stays up. A job that runs past the time limit ends the
 * worker (the next job starts a fresh one).
 */

type Reply =
  | { id: number; ok: true; extraction: Extraction }
  | { id: number; ok: false; code: ArticleError['code'] | 'internal'; message: string };

const TIME_LIMIT_MS = 60_000;
let worker: Worker | null = null;
let next = 1;
const pending = new Map<
  number,
  { resolve: (x: Extraction) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
>();

function failAll(error: Error): void {
  for (const [id, job] of pending) {
    clearTimeout(job.timer);
    job.reject(error);
    pending.delete(id);
  }
}

function start(): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./extractor.worker.ts', import.meta.url).href;
  // The server runs TypeScript through tsx: the worker registers the same loader before its entry.
  const w = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  );
  w.unref();
  w.on('message', (reply: Reply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    clearTimeout(job.timer);
    if (reply.ok) job.resolve(reply.extraction);
    else if (reply.code === 'internal') job.reject(new Error(reply.message));
    else job.reject(new ArticleError(reply.code, reply.message));
  });
  w.on('error', (e) => {
    worker = null;
    failAll(e);
  });
  w.on('exit', () => {
    if (worker === w) worker = null;
    failAll(new Error('the article reader stopped'));
  });
  return w;
}

export function extractInWorker(content: string, options: ReadOptions): Promise<Extraction> {
  worker ??= start();
  const w = worker;
  const id = next++;
  return new Promise<Extraction>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new ArticleError('article_too_large', 'content: this article takes too long to read'));
      if (worker === w) worker = null;
      void w.terminate();
    }, TIME_LIMIT_MS);
    pending.set(id, { resolve, reject, timer });
    w.ref();
    w.postMessage({ id, content, options });
  }).finally(() => {
    if (pending.size === 0) w.unref();
  });
}

/** Ends the worker (tests, shutdown). */
export async function stopExtractor(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
