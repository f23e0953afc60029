import { parentPort } from 'node:worker_threads';
import { ArticleError, readArticle, type ReadOptions } from './article.ts';

/** The worker that reads articles off the server's event loop (see extractor.ts). */
interface Job {
  id: number;
  content: string;
  options: ReadOptions;
}

parentPort!.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({
      id: job.id,
      ok: true,
      extraction: readArticle(job.content, job.options),
    });
  } catch (e) {
    const known = e instanceof ArticleError;
    parentPort!.postMessage({
      id: job.id,
      ok: false,
      code: known ? e.code : 'internal',
      message: known ? e.message : String((e as Error).message ?? e),
    });
  }
});
