import type { EmulatorAccountOptions } from './accounts/account-options.js';
import type { Cassette } from './cassette.js';
import type { FaultOptions } from './faults/fault-rule.js';
import type { EmulatorHandlers } from './http/handler.js';
import type { ReceivedRequest } from './request-log.js';
import type { EmulatorKey } from './signing/verify.js';
import type { EmulatorStateOptions } from './state/state-options.js';
import type { SuspEventRecord } from './state/susp-event.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on (on 127.0.0.1). @defaultValue `0`, any free port */
  readonly port?: number;
  /**
   * ID of the emulator's default account: the resource directory's management account, which the
   * default test key, the extra `keys`, `state` and `alerts` belong to.
   * @defaultValue `'1000000000000001'` (`DEFAULT_EMULATOR_ACCOUNT_ID`)
   */
  readonly accountId?: string;
  /**
   * Member accounts of the resource directory, each with its own model and key. Requests signed with a
   * member's key, or with credentials assumed in its role through STS `AssumeRole`, are served from its
   * model; read it back through {@link Emulator.account}.
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({
   *   seed: 'fleet',
   *   accounts: [
   *     { accountId: '1000000000000002', alerts: sampleAlerts(20, 'prod') },
   *     { accountId: '1000000000000003', role: { refuse: true } },
   *   ],
   * });
   * ```
   * @defaultValue none: the management account alone
   */
  readonly accounts?: readonly EmulatorAccountOptions[];
  /** AccessKey ID of the default test key. @defaultValue `LTAIemulator` followed by random hex */
  readonly accessKeyId?: string;
  /** Secret of the default test key. @defaultValue random on every start */
  readonly accessKeySecret?: string;
  /** More accepted keys of the default account, for instance one with an STS token. */
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
  /**
   * Keep the body of every answer, exactly as sent, in {@link ReceivedRequest.responseBody}, to assert
   * on the raw JSON text a client got (digits of an int64, `null`s, strings where numbers are due).
   * Streamed bodies are never kept. Off by default: a long walk would hold every page.
   * @defaultValue `false`
   */
  readonly recordResponseBodies?: boolean;
}

/**
 * The state options of an emulator or one of its accounts: `state`, with the `alerts` shorthand folded in.
 *
 * @throws TypeError when alerts are given both as `alerts` and as `state.alerts`
 */
export function stateOptionsOf(options: Pick<EmulatorOptions, 'state' | 'alerts'>): EmulatorStateOptions {
  const state = options.state ?? {};
  if (options.alerts === undefined) return state;
  if (state.alerts !== undefined) {
    throw new TypeError('Give the alert events once: as `alerts` or as `state.alerts`, not both.');
  }
  return { ...state, alerts: options.alerts };
}
