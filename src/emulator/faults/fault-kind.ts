/**
 * The faults the emulator can inject, each the way a client meets it on the wire:
 *
 * - `throttle`: `400 Throttling.User`, nothing applied;
 * - `internalError`: `500 InternalError`, nothing applied;
 * - `html503`: `503` with an HTML page (`content-type: text/html`), as a gateway sends it, nothing applied;
 * - `latency`: the request is applied at once and answered as usual, `latencyMs` late;
 * - `resetBeforeApply`: the connection is destroyed, nothing applied;
 * - `resetAfterApply`: the request is applied, then the connection is destroyed without an answer, so
 *   the client cannot know whether its change was made;
 * - `hang`: no answer ever, nothing applied: the connection stays open until the client gives up or
 *   the emulator closes;
 * - `hangAfterApply`: the request is applied, then no answer ever;
 * - `applyLate`: the connection is destroyed without an answer and nothing is applied then, but the
 *   request is applied `latencyMs` later, as a service may apply a request after its caller gave up;
 * - `malformedJson`: `200` with a JSON body cut short (`{"RequestId":"…","SuspEvents":[`), nothing applied;
 * - `stuckTask` (`HandleSecurityEvents` only): applied and answered as usual, but the task it starts
 *   stays `Processing` for good.
 *
 * Response variants: the request is applied and answered as usual (a `2xx` JSON answer; error answers
 * are sent unchanged), its body sent in a form the service may use. The rule's `fields` (paths such as
 * `SuspEvents[].InternetIp`, `SuspEvents[3]`, `TotalCount`; see `FaultRuleBase.fields`) pick what
 * changes; without `fields`, the whole body but its `RequestId` does:
 *
 * - `nulls`: the fields named become `null` (added as `null` where absent); without `fields`, every
 *   scalar and every list of scalars (`MarkList`, `SupportedMisType`, empty lists) is `null`;
 * - `numericStrings`: numbers are sent as strings (`"TotalCount":"45"`, `"Id":"7009645"`);
 * - `numbersForStrings`: strings that hold an integer are sent as numbers (`"SecurityEventIds":7009645`,
 *   `"SaleVersion":1`); other strings are left alone;
 * - `booleanStrings`: booleans are sent as `"true"` / `"false"`;
 * - `booleanNumbers`: booleans are sent as `1` / `0`;
 * - `bigInt64`: the fields named (by default `SuspEvents[].SourceAliUid`) are sent as
 *   `1234567890123456789` ({@link BIG_INT64}), an int64 beyond 2^53 written in exact digits;
 * - `missingRequestId`: the body has no `RequestId` (nor `requestId`); the `x-acs-request-id` header
 *   still carries it;
 * - `oversized`: the answer padded to `sizeBytes` (default 50 MiB, {@link DEFAULT_OVERSIZED_BYTES}) with
 *   copies of the items of its first non-empty list of objects (`SuspEvents`, `Items`, ...), or with
 *   spaces when it has none; still valid JSON, streamed as the client reads it (never held whole) with
 *   a `Content-Length`;
 * - `oversizedChunked`: the same, sent chunked, without `Content-Length`.
 *
 * Errors inside a `200`, nothing applied:
 *
 * - `errorIn200`: `200` with `{"RequestId":"…","Code":"Throttling.User","Message":"…"}` and no payload;
 *   the rule's `code` names another code;
 * - `successFalse` (Sddp actions only): `200` with
 *   `{"RequestId":"…","Success":false,"Code":"Throttling.User","Message":"…"}`;
 * - `wrappedSuccessFalse` (Sddp actions only): `200` with the wrapped shape's lower-case fields,
 *   `{"code":"Throttling.User","message":"…","success":false,"data":null,"requestId":"…"}`;
 * - `deepNesting`: `200` with the action's payload field nested `depth` arrays deep
 *   (`{"RequestId":"…","SuspEvents":[[[[…]]]]}`, default {@link DEFAULT_NESTING_DEPTH}), valid JSON.
 *
 * @example
 * ```ts
 * emulator.faults.inject(
 *   { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[2].InternetIp'] },
 *   { action: 'DescribeSuspEvents', queue: ['errorIn200'] },
 *   { action: 'PreHandleAuditRisk', queue: ['successFalse'], code: 'InternalError' },
 *   { action: 'DescribeSuspEvents', queue: ['oversized'], sizeBytes: 8 * 1_048_576 },
 * );
 * ```
 */
export const FAULT_KINDS = [
  'throttle',
  'internalError',
  'html503',
  'latency',
  'resetBeforeApply',
  'resetAfterApply',
  'hang',
  'hangAfterApply',
  'applyLate',
  'malformedJson',
  'stuckTask',
  'nulls',
  'numericStrings',
  'numbersForStrings',
  'booleanStrings',
  'booleanNumbers',
  'bigInt64',
  'missingRequestId',
  'oversized',
  'oversizedChunked',
  'errorIn200',
  'successFalse',
  'wrappedSuccessFalse',
  'deepNesting',
] as const;

/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The response variants that take a rule's `fields`. */
export const FIELD_VARIANTS: ReadonlySet<FaultKind> = new Set([
  'nulls',
  'numericStrings',
  'numbersForStrings',
  'booleanStrings',
  'booleanNumbers',
  'bigInt64',
]);

/**
 * The response variants among {@link FAULT_KINDS}: the request is applied and answered as usual, its
 * body in another form. Each is in `APPLYING_FAULTS` too.
 *
 * @example
 * ```ts
 * // Every variant once, on successive pages: each must be read (or refused with a typed error).
 * emulator.faults.inject({ action: 'DescribeSuspEvents', queue: [...RESPONSE_VARIANTS] });
 * ```
 */
export const RESPONSE_VARIANTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  ...FIELD_VARIANTS,
  'missingRequestId',
  'oversized',
  'oversizedChunked',
]);

/**
 * The faults that let the request change the model before they strike. `applyLate` is not one: it
 * changes the model after it struck.
 */
export const APPLYING_FAULTS: ReadonlySet<FaultKind> = new Set([
  'latency',
  'resetAfterApply',
  'hangAfterApply',
  'stuckTask',
  ...RESPONSE_VARIANTS,
]);

/** The one action `stuckTask` applies to: the one that starts tasks. */
export const STUCK_TASK_ACTION = 'HandleSecurityEvents';

/** How late a `latency` fault answers, or an `applyLate` fault applies, when its rule names no `latencyMs`. */
export const DEFAULT_LATENCY_MS = 200;

/** The actions `successFalse` and `wrappedSuccessFalse` apply to: those of Data Security Center. */
export const SDDP_ACTIONS: readonly string[] = ['DescribeRiskRules', 'PreHandleAuditRisk'];

/**
 * The int64 value `bigInt64` writes: beyond 2^53 (`Number.MAX_SAFE_INTEGER` is 9007199254740991), so a
 * reader that parses it into a `number` gets `1234567890123456800`.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ action: 'DescribeSuspEvents', queue: ['bigInt64'] });
 * // every SourceAliUid of the next page is sent as the digits of BIG_INT64
 * expect(String(BIG_INT64)).toBe('1234567890123456789');
 * ```
 */
export const BIG_INT64 = 1234567890123456789n;

/**
 * How large an `oversized` answer is when its rule names no `sizeBytes`: 50 MiB.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ action: 'DescribeSuspEvents', queue: ['oversized'] });
 * // the next page is at least DEFAULT_OVERSIZED_BYTES long
 * ```
 */
export const DEFAULT_OVERSIZED_BYTES = 50 * 1_048_576;

/**
 * How deep a `deepNesting` answer nests when its rule names no `depth`.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ action: 'DescribeSuspEvents', queue: ['deepNesting'] });
 * // the next answer: {"RequestId":"…","SuspEvents":[[[…]]]}, DEFAULT_NESTING_DEPTH arrays deep
 * ```
 */
export const DEFAULT_NESTING_DEPTH = 100_000;

/** The `Code` of `errorIn200`, `successFalse` and `wrappedSuccessFalse` answers when their rule names none. */
export const DEFAULT_ERROR_CODE = 'Throttling.User';
