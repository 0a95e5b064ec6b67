/**
 * The products the emulator speaks, named as in their API version's product code: Security Center,
 * Data Security Center, STS and Resource Directory (the SDK's `Product`).
 */
export type EmulatorProduct = 'Sas' | 'Sddp' | 'Sts' | 'ResourceDirectoryMaster';

/** How a request was signed: `v3` is ACS3-HMAC-SHA256, `v1` the legacy RPC HMAC-SHA1 signature. */
export type SignatureVersion = 'v3' | 'v1';

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
  /**
   * The account the request is served for: the one its key (or its assumed role's credentials) acts in,
   * the member named by `ResourceDirectoryAccountId` of a `DescribeSuspEvents` from the management
   * account, or the account whose role an `AssumeRole` names. The emulator always sets it; it is
   * optional so that a handler can be called directly in a test without one.
   */
  readonly accountId?: string;
  /** Signature scheme the request used. */
  readonly signatureVersion: SignatureVersion;
}

/**
 * A body written piece by piece: see {@link EmulatorReply.stream}.
 *
 * @example
 * ```ts
 * // 10 MiB of a JSON array of zeros, sent chunked, never held whole.
 * const zeros: EmulatorBodyStream = {
 *   chunks: function* () {
 *     yield Buffer.from('{"RequestId":"R","Items":[0');
 *     const piece = Buffer.from(',0'.repeat(32_768));
 *     for (let sent = 0; sent < 160; sent++) yield piece;
 *     yield Buffer.from(']}');
 *   },
 * };
 * const handlers = { DescribeRiskRules: () => ({ status: 200, body: '', stream: zeros }) };
 * ```
 */
export interface EmulatorBodyStream {
  /** Gives the pieces, in order; each is asked for once the client has taken the one before. */
  readonly chunks: () => Iterable<Uint8Array>;
  /**
   * The body's length in bytes, sent as `Content-Length`; without it the body is sent in chunks
   * (`Transfer-Encoding: chunked`), its length unknown to the client until the end.
   */
  readonly length?: number;
}

/** What the emulator answers to one request. */
export interface EmulatorReply {
  /** HTTP status. */
  readonly status: number;
  /**
   * An object is sent as JSON (a `RequestId` is added when it has none; a `bigint` anywhere in it is
   * written as its exact digits, as an int64 beyond 2^53 is on the wire); a string is sent as is, so set a
   * `content-type` header with it (for instance `text/html` for a gateway error page). Ignored with
   * `stream`.
   */
  readonly body: object | string;
  /**
   * A body sent piece by piece as the client reads it instead of `body`, so that a very large one is never
   * held whole (the emulator's `oversized` faults use it). Sent as JSON unless `headers` name another
   * `content-type`; no `RequestId` is added.
   *
   * @example
   * ```ts
   * const padding = Buffer.alloc(1_048_576, 0x20); // 1 MiB of spaces, sent 50 times
   * const reply: EmulatorReply = {
   *   status: 200,
   *   body: '',
   *   stream: {
   *     chunks: function* () {
   *       yield Buffer.from('{"RequestId":"R",');
   *       for (let sent = 0; sent < 50; sent++) yield padding;
   *       yield Buffer.from('"SuspEvents":[]}');
   *     },
   *     length: 17 + 50 * 1_048_576 + 16,
   *   },
   * };
   * ```
   */
  readonly stream?: EmulatorBodyStream;
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
