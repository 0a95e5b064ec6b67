import type { Cassette, CassetteRequest } from './cassette.js';
import type { EmulatorFaults } from './faults/emulator-faults.js';
import type { FaultKind } from './faults/fault-kind.js';
import type { FaultOptions } from './faults/fault-rule.js';
import type { EmulatorStateOptions } from './state/state-options.js';
import type { EmulatorStateView } from './state/state-view.js';
import type { SuspEventRecord } from './state/susp-event.js';

/** The products the emulator speaks, named as in their API version's product code. */
export type EmulatorProduct = 'Sas' | 'Sddp';

/** How a request was signed: `v3` is ACS3-HMAC-SHA256, `v1` the legacy RPC HMAC-SHA1 signature. */
export type SignatureVersion = 'v3' | 'v1';

/** An AccessKey the emulator accepts. */
export interface EmulatorKey {
  /** AccessKey ID, e.g. `LTAIemulator0a1b2c3d`. */
  readonly accessKeyId: string;
  /** AccessKey secret the request must be signed with. */
  readonly accessKeySecret: string;
  /**
   * STS token this key requires. When set, every request signed with the key must carry exactly this token
   * (`x-acs-security-token` for ACS3, `SecurityToken` for v1); when unset, a request must carry none.
   */
  readonly securityToken?: string;
}

/** A verified, routed request as a handler sees it. */
export interface EmulatorRequest {
  /** Product the version belongs to. */
  readonly product: EmulatorProduct;
  /** API version, e.g. `2018-12-03`. */
  readonly version: string;
  /** Action name, e.g. `DescribeSuspEvents`. */
  readonly action: string;
  /**
   * Query and form parameters merged, signing fields removed, exactly as on the wire:
   * `{ 'SecurityEventIds.1': '7009607', 'SecurityEventIds.2': '7009586' }`.
   */
  readonly params: Readonly<Record<string, string>>;
  /** AccessKey ID that signed the request. */
  readonly accessKeyId: string;
  /** Signature scheme the request used. */
  readonly signatureVersion: SignatureVersion;
}

/** What the emulator answers to one request. */
export interface EmulatorReply {
  /** HTTP status. */
  readonly status: number;
  /**
   * An object is sent as JSON (a `RequestId` is added when it has none); a string is sent as is, so set a
   * `content-type` header with it (for instance `text/html` for a gateway error page).
   */
  readonly body: object | string;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering; the wait is cancelled if the client goes away. */
  readonly delayMs?: number;
  /** Destroy the connection instead of answering (after `delayMs`, if set). */
  readonly dropConnection?: boolean;
  /**
   * Never answer: leave the connection open until the client gives up or the emulator closes. Status
   * and body are then ignored.
   */
  readonly neverAnswer?: boolean;
}

/**
 * Answers one action.
 *
 * @example
 * ```ts
 * const throttled: EmulatorHandler = () => apiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
 * ```
 */
export type EmulatorHandler = (request: EmulatorRequest) => EmulatorReply | Promise<EmulatorReply>;

/** Handlers keyed by action name. */
export type EmulatorHandlers = Partial<Record<string, EmulatorHandler>>;

/** One request the emulator received, whatever became of it. */
export interface ReceivedRequest {
  /** RequestId of the answer. */
  readonly requestId: string;
  /** Action the request named (`x-acs-action` or `Action`), `''` when it named none. */
  readonly action: string;
  /** Parameters without signing fields, as in {@link EmulatorRequest.params}. */
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status answered; `0` when no answer was sent (the connection dropped, or left hanging). */
  readonly status: number;
  /** Error code answered, for JSON answers that carry a `Code`. */
  readonly code?: string;
  /** AccessKey ID the request claimed, verified or not; absent when it named none. */
  readonly accessKeyId?: string;
  /**
   * The fault injected into the request, if one was (see `FAULT_KINDS`). The request was applied
   * before the fault struck when `APPLYING_FAULTS` has the kind, and not at all otherwise.
   */
  readonly fault?: FaultKind;
}

/** A recorded interaction that has not been replayed yet. */
export interface PendingInteraction {
  /** Name of the cassette it belongs to. */
  readonly cassette: string;
  /** Position of the interaction in its cassette, from 0. */
  readonly index: number;
  /** The recorded request. */
  readonly request: CassetteRequest;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on (on 127.0.0.1). @defaultValue `0`, any free port */
  readonly port?: number;
  /** AccessKey ID of the default test key. @defaultValue `LTAIemulator` followed by random hex */
  readonly accessKeyId?: string;
  /** Secret of the default test key. @defaultValue random on every start */
  readonly accessKeySecret?: string;
  /** More accepted keys, for instance one with an STS token. */
  readonly keys?: readonly EmulatorKey[];
  /**
   * The emulator's clock, in epoch milliseconds: request timestamps, `block_ip` expiry times and the
   * times the model records are read from it. @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /** How far a request's timestamp may be from the emulator's clock. @defaultValue 15 minutes */
  readonly timestampToleranceMs?: number;
  /** Cassettes to replay; see {@link Emulator.loadCassette}. */
  readonly cassettes?: readonly Cassette[];
  /** Handlers by action; consulted after cassettes. */
  readonly handlers?: EmulatorHandlers;
  /**
   * Alert events of the model: shorthand for `state: { alerts }` (give them one way only). With them,
   * the four Security Center actions are served from the model when no cassette or handler claims them.
   */
  readonly alerts?: readonly SuspEventRecord[];
  /**
   * The model requests are served from when no cassette or handler claims them: alert events, their
   * operations, whitelist rules, handling tasks and risk events. Read it back through
   * {@link Emulator.state}.
   */
  readonly state?: EmulatorStateOptions;
  /**
   * Seed of the RequestIds, the task IDs and the draws of fault rules, which are then the same on
   * every run. @defaultValue random
   */
  readonly seed?: string | number;
  /**
   * Faults to inject into requests that pass the signature check: by rate or in a set order, per
   * action or for all. Change them while the emulator runs through {@link Emulator.faults}.
   */
  readonly faults?: FaultOptions;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ alerts: sampleAlerts(45, 'demo') });
 * const config = new Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: emulator.protocol });
 * // ... call it ...
 * expect(emulator.count('DescribeSuspEvents')).toBe(3);
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
  /** The default test key. */
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  /** The model's current state, read-only: alert events, whitelist rules, handling, tasks, risks. */
  readonly state: EmulatorStateView;
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
   * await listEveryAlert(sas); // the code under test
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
