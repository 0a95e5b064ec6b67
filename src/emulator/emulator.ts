import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountDirectory, type AccountModel } from './accounts/account-directory.js';
import { assumeRole } from './accounts/assume-role.js';
import { discoveryHandlers } from './accounts/discovery.js';
import type { EmulatorAccount, EmulatorAssumedRole } from './accounts/emulator-account.js';
import { servingAccount } from './accounts/serving-account.js';
import type { Cassette } from './cassette.js';
import { type EmulatorFaults, emulatorFaults } from './faults/emulator-faults.js';
import { FaultPlan } from './faults/fault-plan.js';
import { parseFaultRules } from './faults/parse-faults.js';
import { completeReply } from './http/complete-reply.js';
import type { EmulatorHandlers, EmulatorReply } from './http/handler.js';
import { sendReply } from './http/send-reply.js';
import { headerValue, readWireRequest } from './http/wire-request.js';
import type { EmulatorOptions } from './options.js';
import { answer, type Pipeline } from './pipeline.js';
import { CassettePlayer, type PendingInteraction } from './replay.js';
import { requestIds } from './request-id.js';
import { type ReceivedRequest, RequestLog } from './request-log.js';
import { NonceStore } from './signing/verify.js';
import type { EmulatorStateView } from './state/state-view.js';

const HOST = '127.0.0.1';
const DEFAULT_TOLERANCE_MS = 15 * 60 * 1000;

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ alerts: sampleAlerts(45, 'demo') });
 * const sas = new SasClient({ endpoint: emulator.endpoint, protocol: emulator.protocol, credential: emulator.credentials });
 * await sas.describeSuspEvents({ PageSize: '20' });
 * expect(emulator.count('DescribeSuspEvents')).toBe(1);
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** `127.0.0.1:PORT`, the form `Config.endpoint` expects. */
  readonly endpoint: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The emulator speaks plain HTTP. */
  readonly protocol: 'http';
  /** Port it listens on. */
  readonly port: number;
  /** The default test key, of the default (management) account. */
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  /**
   * The default (management) account's model: its current state (alert events, whitelist rules,
   * handling, tasks, risks), and the changes made outside the API (alerts that fire again, statuses set
   * in the console). Members' models are read through {@link Emulator.account}.
   */
  readonly state: EmulatorStateView;
  /** ID of the default account, the resource directory's management account. */
  readonly accountId: string;
  /** Every account served: the management account first, then the members in the order given. */
  readonly accounts: readonly EmulatorAccount[];
  /**
   * One account: its key, its model and the requests served for it.
   *
   * @throws RangeError when the emulator serves no account with this ID
   *
   * @example
   * ```ts
   * const member = emulator.account('1000000000000002');
   * const sas = new SasClient({ endpoint: emulator.endpoint, protocol: 'http', credential: member.credentials });
   * await sas.describeSuspEvents({ PageSize: '20' }); // the member's alerts
   * expect(member.count('DescribeSuspEvents')).toBe(1);
   * ```
   */
  account(accountId: string): EmulatorAccount;
  /**
   * The role sessions its STS issued through `AssumeRole`, in order: the account, role, session name,
   * temporary AccessKey ID and expiry of each (never their secret or token).
   *
   * @example
   * ```ts
   * expect(emulator.assumedRoles()).toMatchObject([{ accountId: '1000000000000002', roleSessionName: 'run-42' }]);
   * ```
   */
  assumedRoles(): readonly EmulatorAssumedRole[];
  /** Every request received since start or the last {@link Emulator.reset}, rejected ones included. */
  readonly received: readonly ReceivedRequest[];
  /** Fault injection: put rules in force, take them out, count the faults injected. */
  readonly faults: EmulatorFaults;
  /**
   * How many requests were received, for one action or in all.
   *
   * @example
   * ```ts
   * await alerts.handle([alertId], Operations.blockIp({ duration: '7d' }), { confirm: true });
   * expect(emulator.count('HandleSecurityEvents')).toBe(1); // sent once, never retried
   * expect(emulator.count()).toBe(emulator.received.length);
   * ```
   */
  count(action?: string): number;
  /**
   * Forgets the received requests.
   *
   * @example
   * ```ts
   * const plan = await alerts.plan([{ alertId, operation: Operations.ignore() }]);
   * emulator.reset(); // from here on, count only what execute() sends
   * await alerts.execute(plan);
   * expect(emulator.count('DescribeSecurityEventOperations')).toBe(0);
   * ```
   */
  reset(): void;
  /**
   * Adds a cassette to replay. While any interaction of a cassette names an action, requests for that
   * action are served from cassettes only: each request takes the first unused interaction with the
   * same version, action and parameters, and one that matches none is answered
   * `400 Emulator.UnexpectedRequest`, naming the parameters that differ.
   *
   * @example
   * ```ts
   * emulator.loadCassette(await readCassette('cassettes/describe-susp-events-throttled.json'));
   * // Throttling.User first, then the page: the client's retry gets it.
   * const page = await sas.describeSuspEvents({ CurrentPage: '1', PageSize: '20', Dealed: 'N' });
   * expect(page.TotalCount).toBe(1);
   * ```
   */
  loadCassette(cassette: Cassette): void;
  /**
   * Interactions of the loaded cassettes that no request has used yet.
   *
   * @example
   * ```ts
   * for await (const alert of alerts.listAlerts()) console.log(alert.id); // the code under test
   * // Every recorded request was made; otherwise each unused one is listed with its cassette and index.
   * expect(emulator.pendingInteractions()).toEqual([]);
   * ```
   */
  pendingInteractions(): PendingInteraction[];
  /**
   * Stops listening and closes every connection, idle keep-alive ones included.
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({ alerts: sampleAlerts(45) });
   * afterAll(() => emulator.close());
   * ```
   */
  close(): Promise<void>;
}

/**
 * Starts an emulator of the Security Center (Sas) and Data Security Center (Sddp) APIs on 127.0.0.1:
 * it verifies signatures (ACS3-HMAC-SHA256 and legacy HMAC-SHA1) and answers from cassettes, handlers or
 * its model of an account (alert events, operations, whitelist rules, handling tasks, risk events),
 * with the service's error codes and envelopes. With `accounts`, it serves a resource directory: each
 * account has its own model, requests are served for the account their key acts in, and STS
 * `AssumeRole`, Resource Directory `ListAccounts` and the Security Center discovery calls are answered.
 *
 * @throws TypeError when alerts are given both as `alerts` and as `state.alerts` (of the emulator or an
 *   account), an account ID is not digits or is given twice, or two accounts share an AccessKey ID
 * @throws RangeError when `state.taskPolls` is not a non-negative integer or `Number.POSITIVE_INFINITY`,
 *   or a role's `maxSessionDurationSeconds` is not from 3600 to 43200
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
  const seed = String(options.seed ?? randomUUID());
  const now = options.now ?? Date.now;
  const faults = new FaultPlan(seed, parseFaultRules(options.faults ?? [], 'faults'));
  const directory = new AccountDirectory(options, seed, now);
  const player = new CassettePlayer();
  for (const cassette of options.cassettes ?? []) player.load(cassette);
  const directoryHandlers: EmulatorHandlers = {
    AssumeRole: assumeRole(directory, now),
    ...discoveryHandlers(directory, now()),
  };
  const pipeline: Pipeline = {
    verifier: {
      keys: directory.keys,
      now,
      toleranceMs: options.timestampToleranceMs ?? DEFAULT_TOLERANCE_MS,
      nonces: new NonceStore(),
    },
    player,
    faults,
    serve: (accessKeyId, action, params) => {
      const served = servingAccount(directory, accessKeyId, action, params);
      if ('reply' in served) return served;
      const { accountId, state } = served.account;
      return {
        accountId,
        handlers: [options.handlers ?? {}, directoryHandlers, state.handlers],
        stallTask: state.stallTask,
      };
    },
  };
  const log = new RequestLog();
  const nextRequestId = requestIds(seed);
  let endpoint = '';

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = nextRequestId();
    const wire = await readWireRequest(request);
    const result = await answer(wire, pipeline, requestId);
    const hostId = headerValue(wire, 'host') ?? endpoint;
    const { product } = result;
    const completed = completeReply(
      result.reply,
      product === undefined ? { requestId, hostId } : { requestId, hostId, product },
    );
    const sent = sendReply(response, completed.reply, completed.requestId);
    const entry: Writable<ReceivedRequest> = {
      requestId: completed.requestId,
      action: result.action,
      params: result.params,
      status: answered(completed.reply) ? completed.reply.status : 0,
    };
    if (completed.code !== undefined) entry.code = completed.code;
    if (result.accessKeyId !== undefined) entry.accessKeyId = result.accessKeyId;
    if (result.accountId !== undefined) entry.accountId = result.accountId;
    if (result.fault !== undefined) entry.fault = result.fault;
    if (sent.bytes !== undefined) entry.responseBytes = sent.bytes;
    if (options.recordResponseBodies === true && sent.text !== undefined) entry.responseBody = sent.text;
    log.add(entry);
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
  const viewOf = (account: AccountModel): EmulatorAccount => {
    const served = () => log.entries().filter((entry) => entry.accountId === account.accountId);
    return {
      accountId: account.accountId,
      displayName: account.displayName,
      management: account.management,
      credentials: { accessKeyId: account.key.accessKeyId, accessKeySecret: account.key.accessKeySecret },
      state: account.state.view,
      get received() {
        return served();
      },
      count: (action) => served().filter((entry) => action === undefined || entry.action === action).length,
    };
  };
  const accounts = directory.all().map(viewOf);
  const management = accounts[0] as EmulatorAccount;

  return {
    endpoint,
    url: `http://${endpoint}`,
    protocol: 'http',
    port,
    credentials: management.credentials,
    state: management.state,
    accountId: management.accountId,
    accounts,
    account(accountId) {
      const found = accounts.find((account) => account.accountId === accountId);
      if (found === undefined) {
        const known = accounts.map((account) => account.accountId).join(', ');
        throw new RangeError(`The emulator serves no account ${accountId}; it serves ${known}.`);
      }
      return found;
    },
    assumedRoles: () => directory.sessions.list(),
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

/** `T` with its fields settable, for a record filled in field by field. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };
