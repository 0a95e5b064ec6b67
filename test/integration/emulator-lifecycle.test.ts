import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs in a fresh Node process: an idle keep-alive connection and an answer still waiting on `delayMs`
 * are both open when `close()` is called. The process must then end on its own, with nothing left to
 * keep its event loop alive.
 */
const script = `
import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { startEmulator } from './src/emulator/index.js';

let Client = OpenApiModule;
while (typeof Client !== 'function') Client = Client.default;
const emulator = await startEmulator({
  handlers: { DescribeSuspEvents: ({ params }) => ({ status: 200, body: {}, delayMs: Number(params.DelayMs ?? 0) }) },
});
const client = new Client(new OpenApiModule.Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: 'http' }));
const params = new OpenApiModule.Params({
  action: 'DescribeSuspEvents', version: '2018-12-03', protocol: 'HTTPS', pathname: '/', method: 'POST',
  authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
});
await client.callApi(params, new OpenApiModule.OpenApiRequest({}), new RuntimeOptions({}));
const waiting = client
  .callApi(params, new OpenApiModule.OpenApiRequest({ query: { DelayMs: '600000' } }), new RuntimeOptions({}))
  .catch((error) => error.code);
await new Promise((resolve) => setTimeout(resolve, 100));
await emulator.close();
console.log('closed', emulator.count(), await waiting);
`;

describe('Emulator#close', () => {
  it('leaves nothing that keeps the process alive', async () => {
    const { stdout, code } = await new Promise<{ stdout: string; code: number | string | null }>(
      (resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '--eval', script],
          { cwd: root, timeout: 15_000 },
          (error, out) =>
            resolve({ stdout: out, code: error === null ? 0 : (error.code ?? error.signal ?? null) }),
        );
      },
    );

    expect(code).toBe(0);
    expect(stdout.trim()).toBe('closed 2 ECONNRESET');
  });
});
