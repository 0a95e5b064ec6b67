/**
 * A worker process for the workers' tests (see worker-processes.ts): `startWorker` over the store and
 * the emulator its argument names, with SIGTERM handled gracefully. It says `ready` once the worker
 * runs, and `stopped` with the worker's figures once it stopped; then it exits with code 0.
 */
import { AlertHandler, startWorker } from '../../src/index.js';
import type { WorkerChildConfig, WorkerChildMessage } from './worker-processes.js';
import { openStore } from './worker-stores.js';

function send(message: WorkerChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

const config = JSON.parse(process.argv[2] as string) as WorkerChildConfig;
const alerts = new AlertHandler({
  endpoint: config.endpoint,
  protocol: 'http',
  credential: config.credentials,
  lang: 'en',
  ...config.handler,
});
const store = openStore(config.store);
const worker = await startWorker({
  store,
  alerts,
  workerId: config.workerId,
  handleSignals: true,
  ...config.worker,
  ...(config.log === true && { logger: console, logLevel: 'info' }),
});
await send({ type: 'ready', workerId: worker.workerId });
await worker.done;
await send({ type: 'stopped', stats: worker.stats() });
process.exit(0);
