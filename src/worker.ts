// bin/stagecoach worker: works scheduled jobs from Redis until SIGTERM or SIGINT, then
// lets the jobs in flight finish (worker.close()) and exits 0.
import { postersFor } from './adapters/notify/index.js';
import { createLogger } from './adapters/log.js';
import { openApp } from './app.js';
import type { Config } from './config.js';
import { fail, type Reply } from './core/reply.js';
import { startJobs } from './jobs.js';

export async function runWorker(config: Config, emit: (reply: Reply) => number): Promise<number> {
  if (!config.redisUrl) {
    return emit(
      fail('USAGE', 'The worker needs REDIS_URL (scaled mode). In embedded mode `npm start` runs the jobs in-process.'),
    );
  }
  const logger = createLogger(config.logLevel);
  const app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
  const jobs = await startJobs(app, config, { posters: postersFor(config), logger, work: true });
  logger.info({ pid: process.pid }, 'worker started');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  logger.info('worker stopping: finishing jobs in flight');
  await jobs.close();
  await app.close();
  logger.info('worker stopped');
  return 0;
}
