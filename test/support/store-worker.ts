/**
 * A store in a child process, driven by its parent over IPC: the multi-process tests of the stores fork
 * one per worker (see store-processes.ts). Arguments: `file <directory>` (its clock is the `now` of the
 * latest request) or `postgres <url> <schema>` (its clock is the schema's, which the parent sets).
 */
import { fileJournal } from '../../src/stores/file-store.js';
import { postgresStore } from '../../src/stores/postgres-store.js';
import type { Store } from '../../src/stores/store.js';
import type { WorkerReply, WorkerRequest } from './store-processes.js';

let time = 0;
const [kind, location = '', schema] = process.argv.slice(2);
const store: Store =
  kind === 'postgres'
    ? postgresStore({ connectionString: location, schema, maxConnections: 2 })
    : fileJournal(location, { now: () => time });

function send(reply: WorkerReply): void {
  process.send?.(reply);
}

async function run(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'call': {
      const method = store[request.method] as (...args: unknown[]) => Promise<unknown>;
      return method(...request.args);
    }
    case 'appendMany': {
      const seqs: number[] = [];
      for (let n = 0; n < request.count; n++) {
        seqs.push(await store.append(request.stream, [{ worker: request.worker, n }]));
      }
      return seqs;
    }
    case 'appendUntilKilled': {
      // Answers after the first append, then appends until the process is killed.
      for (let n = 0; ; n++) {
        await store.append(request.stream, [{ n }], { lease: request.lease });
        if (n === 0) send({ id: request.id, result: 'appending' });
      }
    }
  }
}

process.on('message', (request: WorkerRequest) => {
  time = request.now;
  run(request).then(
    (result) => send({ id: request.id, result }),
    (error: unknown) => {
      const { name, message, code } = error as Error & { code?: string };
      send({ id: request.id, error: { name, message, code } });
    },
  );
});
process.on('disconnect', () => process.exit(0));
send({ id: 0, result: 'ready' });
