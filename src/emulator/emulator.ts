import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cassette } from './cassette.js';
import { emulatorFaults } from './faults/emulator-faults.js';
import { FaultPlan } from './faults/fault-plan.js';
import { parseFaultRules } from './faults/parse-faults.js';
import { completeReply } from './http/complete-reply.js';
import { sendReply } from './http/send-reply.js';
import { headerValue, readWireRequest } from './http/wire-request.js';
import { answer, type Pipeline } from './pipeline.js';
import { CassettePlayer } from './replay.js';
import { requestIds } from './request-id.js';
import { RequestLog } from './request-log.js';
import { defaultKey, keyRing, NonceStore } from './signing/verify.js';
import { createEmulatorState, stateOptionsOf } from './state/emulator-state.js';
import type { Emulator, EmulatorOptions, EmulatorReply } from './types.js';

const HOST = '127.0.0.1';
const DEFAULT_TOLERANCE_MS = 15 * 60 * 1000;

/**
 * Starts an emulator of the Security Center (Sas) and Data Security Center (Sddp) APIs on 127.0.0.1:
 * it verifies signatures (ACS3-HMAC-SHA256 and legacy HMAC-SHA1) and answers from cassettes, handlers or
 * its model of an account (alert events, operations, whitelist rules, handling tasks, risk events),
 * with the service's error codes and envelopes.
 *
 * @throws TypeError when alerts are given both as `alerts` and as `state.alerts`
 * @throws RangeError when `state.taskPolls` is not a non-negative integer or `Number.POSITIVE_INFINITY`
 * @throws TypeError when a rule of `faults` is invalid, naming it and its field (`faults[0].rate: ...`)
 *
 * @example
 * ```ts
 * import { Config } from '@alicloud/openapi-client';
 * import { sampleAlerts, startEmulator } from 'alicloud-alert-handler/emulator';
 *
 * const emulator = await startEmulator({ alerts: sampleAlerts(45, 'demo'), seed: 'demo' });
 * const config = new Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: emulator.protocol });
 * // ... DescribeSuspEvents calls now page through 45 alerts; handling them changes their status ...
 * console.log(emulator.state.handleLog());
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const key = defaultKey(options.accessKeyId, options.accessKeySecret);
  const seed = String(options.seed ?? randomUUID());
  const now = options.now ?? Date.now;
  const faults = new FaultPlan(seed, parseFaultRules(options.faults ?? [], 'faults'));
  const state = createEmulatorState(stateOptionsOf(options), seed, now);
  const player = new CassettePlayer();
  for (const cassette of options.cassettes ?? []) player.load(cassette);
  const pipeline: Pipeline = {
    verifier: {
      keys: keyRing([key, ...(options.keys ?? [])]),
      now,
      toleranceMs: options.timestampToleranceMs ?? DEFAULT_TOLERANCE_MS,
      nonces: new NonceStore(),
    },
    player,
    handlers: [options.handlers ?? {}, state.handlers],
    faults,
    stallTask: state.stallTask,
  };
  const log = new RequestLog();
  const nextRequestId = requestIds(seed);
  let endpoint = '';

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = nextRequestId();
    const wire = await readWireRequest(request);
    const result = await answer(wire, pipeline, requestId);
    const hostId = headerValue(wire, 'host') ?? endpoint;
    const completed = completeReply(result.reply, {
      requestId,
      hostId,
      ...(result.product && { product: result.product }),
    });
    log.add({
      requestId: completed.requestId,
      action: result.action,
      params: result.params,
      status: answered(completed.reply) ? completed.reply.status : 0,
      ...(completed.code !== undefined && { code: completed.code }),
      ...(result.accessKeyId !== undefined && { accessKeyId: result.accessKeyId }),
      ...(result.fault !== undefined && { fault: result.fault }),
    });
    sendReply(response, completed.reply, completed.requestId);
  };
  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  endpoint = `${HOST}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    endpoint,
    url: `http://${endpoint}`,
    protocol: 'http',
    port,
    credentials: { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
    state: state.view,
    get received() {
      return log.entries();
    },
    faults: emulatorFaults(faults, () => log.entries()),
    count: (action) => log.count(action),
    reset: () => log.clear(),
    loadCassette: (cassette: Cassette) => player.load(cassette),
    pendingInteractions: () => player.pending(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Whether a reply sends an answer at all. */
function answered(reply: EmulatorReply): boolean {
  return reply.dropConnection !== true && reply.neverAnswer !== true;
}
