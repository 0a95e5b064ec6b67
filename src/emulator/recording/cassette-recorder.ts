import type { ApiError } from '../../errors.js';
import type { Cassette, CassetteInteraction, CassetteResponse } from '../cassette.js';
import type { EmulatorProduct } from '../http/handler.js';

/** What the recorder reads of a request attempt's audit event (a client's or handler's `RequestAuditEvent`). */
export interface RecordedAttempt {
  /** Always `request`. */
  readonly kind: 'request';
  /** Product of the action. */
  readonly product: EmulatorProduct;
  /** API version. */
  readonly version: string;
  /** Action called. */
  readonly action: string;
  /** The parameters as sent on the wire. */
  readonly params: Readonly<Record<string, string>>;
  /** `success` or `error`. */
  readonly outcome: 'success' | 'error';
  /** HTTP status, when the service answered. */
  readonly statusCode?: number | undefined;
  /** The parsed response body, on success (the client must have `auditResponseBodies: true`). */
  readonly response?: unknown;
  /** The typed error, on failure. */
  readonly error?: unknown;
}

/** Any audit event a client or handler emits: request attempts are recorded, the others ignored. */
export type RecordableAuditEvent = RecordedAttempt | { readonly kind: 'plan' | 'batch' | 'execute' };

/**
 * Collects the calls a client makes into cassette interactions, one per attempt: pass its
 * {@link CassetteRecorder.onAudit} as the client's `onAudit`, with `auditResponseBodies: true` (audit
 * events carry no response body otherwise, and a success without one cannot be recorded). A successful
 * attempt is recorded with its
 * status and parsed body; a refused one with its status and the `RequestId, HostId, Code, Message,
 * Recommend` body rebuilt from the typed error. Attempts that got no usable answer (timeouts, network
 * errors, bodies that are not JSON) cannot be replayed and are only counted.
 *
 * Recorded cassettes hold real identifiers: pass them through {@link redactCassette} before saving them.
 *
 * @example
 * ```ts
 * const recorder = new CassetteRecorder();
 * const sas = new SasClient({ regionId: 'cn-shanghai', onAudit: recorder.onAudit, auditResponseBodies: true });
 * await sas.describeSuspEvents({ CurrentPage: '1', PageSize: '5', Dealed: 'N' });
 * const cassette = redactCassette(recorder.take('first-page', 'recorded in cn-shanghai'), {
 *   secrets: [accessKeySecret],
 * });
 * ```
 */
export class CassetteRecorder {
  #interactions: CassetteInteraction[] = [];
  #unanswered = 0;

  /**
   * The audit listener to pass as a client's `onAudit`. It is bound already, so it can be passed on its
   * own or called from a listener of yours.
   *
   * @example
   * ```ts
   * const recorder = new CassetteRecorder();
   * const alerts = new AlertHandler({
   *   regionId: 'cn-shanghai',
   *   auditResponseBodies: true,
   *   onAudit: (event) => {
   *     recorder.onAudit(event);
   *     console.log(event.kind);
   *   },
   * });
   * ```
   */
  readonly onAudit = (event: RecordableAuditEvent): void => {
    if (event.kind !== 'request') return;
    const response = recordedResponse(event);
    if (response === undefined) {
      this.#unanswered += 1;
      return;
    }
    const { product, version, action, params } = event;
    this.#interactions.push({ request: { product, version, action, params: { ...params } }, response });
  };

  /** The interactions collected since the last {@link CassetteRecorder.take}. */
  get interactions(): readonly CassetteInteraction[] {
    return [...this.#interactions];
  }

  /**
   * How many attempts since the last {@link CassetteRecorder.take} got no answer that could be recorded
   * (successes included whose event carried no body: set `auditResponseBodies: true` on the client).
   */
  get unanswered(): number {
    return this.#unanswered;
  }

  /**
   * Returns the collected interactions as a cassette and starts collecting afresh.
   *
   * @example
   * ```ts
   * await sas.describeSuspEvents({ CurrentPage: '1', PageSize: '20', Dealed: 'N' });
   * const recorded = recorder.take('first-page', 'recorded against cn-shanghai');
   * const cassette = redactCassette(recorded, { secrets: [accessKeyId, accessKeySecret] });
   * await writeFile('cassettes/first-page.json', `${JSON.stringify(cassette, null, 2)}\n`);
   * ```
   */
  take(name: string, source: string): Cassette {
    const cassette = { name, source, interactions: this.#interactions };
    this.#interactions = [];
    this.#unanswered = 0;
    return cassette;
  }
}

function recordedResponse(event: RecordedAttempt): CassetteResponse | undefined {
  if (event.outcome === 'success') {
    const body = event.response;
    return typeof body === 'object' && body !== null
      ? { status: event.statusCode ?? 200, body: body as CassetteResponse['body'] }
      : undefined;
  }
  return refusal(event.error);
}

/** The service's refusal rebuilt from an API error's fields; `undefined` for errors without an answer. */
function refusal(error: unknown): CassetteResponse | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code, requestId, hostId, serviceMessage, recommend } = error as Partial<ApiError>;
  if (typeof statusCode !== 'number' || typeof code !== 'string') return undefined;
  const fields = {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: serviceMessage,
    Recommend: recommend,
  };
  const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value === 'string'));
  return { status: statusCode, body };
}
