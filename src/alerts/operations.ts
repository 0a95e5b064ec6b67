/**
 * Builders of handling operations: each validates its input and returns the `OperationCode`,
 * `OperationParams` and (for the advanced whitelist) `MarkMissParam` that `HandleSecurityEvents` takes.
 *
 * @packageDocumentation
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { parseJsonObject } from '../util/parse-json-object.js';
import { BLOCK_DURATIONS_MS, type BlockDuration, blockEnd, describeBlockDuration } from './block-expiry.js';
import {
  isDestructive,
  isKnownOperationCode,
  type KnownOperationCode,
  type OperationCode,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
  unknownOperationCodeProblem,
} from './operation-codes.js';
import { KILL_SUB_OPERATIONS, QUARANTINE_SUB_OPERATION, RELATIVE_BLOCK_PARAMS } from './operation-params.js';
import {
  buildWhitelistRules,
  serializeWhitelistRules,
  type WhitelistRule,
  type WhitelistRuleInput,
  type WhitelistScope,
} from './whitelist.js';

export { operationParamsProblem, whitelistRuleListIssues } from './operation-params.js';
export { BLOCK_DURATIONS_MS, type BlockDuration };

/**
 * A handling operation, ready to send: plain data that survives `JSON.stringify`. Build it with
 * {@link Operations}.
 */
export interface Operation {
  /** `OperationCode` of `HandleSecurityEvents`. */
  readonly code: OperationCode;
  /**
   * `OperationParams`: a JSON object as a string, `'{}'` when the operation takes no parameter. For a
   * block that ends `expireAfterMs` after it is sent, `{"expireTime":0}`: the plan's execution sends
   * the send time plus `expireAfterMs` instead.
   */
  readonly params: string;
  /**
   * For `block_ip` built with a `duration`: how long the block lasts, in milliseconds, from when its
   * batch is sent. Absent for a block with a fixed `expireTime` and for every other operation.
   */
  readonly expireAfterMs?: number;
  /**
   * `MarkMissParam` of the advanced whitelist: the new rules as a JSON array string. The plan sends
   * them merged with the alert type's existing rules, which the service would otherwise replace.
   */
  readonly markMissParam?: string;
  /** The new whitelist rules that `markMissParam` holds. */
  readonly rules?: readonly WhitelistRule[];
  /**
   * `true` on an operation of a code this package does not know, built with
   * {@link Operations.unknownCode}: plans accept such a code only with this mark, send its `params` as
   * given, and count it destructive. Absent on every other operation.
   */
  readonly unknownCode?: true;
  /**
   * Whether the operation changes state on hosts or in the whitelist, for display: confirmations,
   * plans and audit events decide it from `code` (see `isDestructive`), never from this field.
   */
  readonly destructive: boolean;
  /**
   * What the operation does, for confirmations and summaries, e.g. `Block IP for 7 days after sending`
   * or `Block IP until 2026-01-16T08:00:00.000Z`.
   */
  readonly description: string;
}

/** Options of {@link Operations.blockIp}: give exactly one of `duration` and `expireTime`. */
export interface BlockIpOptions {
  /**
   * How long to block, from when the block is sent (not when it is built or planned): a named
   * duration, or milliseconds (an integer from one minute to 365 days).
   */
  duration?: BlockDuration | number;
  /** When the block ends: a `Date` or epoch milliseconds, in the future and at most 365 days ahead. */
  expireTime?: Date | number;
  /**
   * Clock `expireTime` is checked against, in epoch milliseconds.
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

/** Options of {@link Operations.killAndQuarantine}. */
export interface KillAndQuarantineOptions {
  /**
   * Whether to quarantine the process's file after killing it (`killAndQuaraFileByMd5andPath`);
   * `false` kills only (`killByMd5andPath`).
   * @defaultValue true
   */
  quarantine?: boolean;
}

/** Options of {@link Operations.whitelist}. */
export interface WhitelistOptions {
  /** The rules to add: at least one, no two alike. Existing rules are kept by the plan. */
  rules: readonly WhitelistRuleInput[];
  /** Where the rules apply: `ALL` machines, or only the alert's machine (`part`). No default: choose. */
  scope: WhitelistScope;
}

/**
 * The input {@link Operations.fromCode} takes for each code: {@link BlockIpOptions} for `block_ip`
 * (required), {@link KillAndQuarantineOptions} for `kill_and_quara` (optional),
 * {@link WhitelistOptions} for `advance_mark_mis_info` (required); `undefined` (none) for every
 * other known code.
 */
export type OperationInputs = {
  readonly block_ip: BlockIpOptions;
  readonly kill_and_quara: KillAndQuarantineOptions | undefined;
  readonly advance_mark_mis_info: WhitelistOptions;
} & {
  readonly [C in Exclude<
    KnownOperationCode,
    'block_ip' | 'kill_and_quara' | 'advance_mark_mis_info'
  >]: undefined;
};

/** Any input of {@link Operations.fromCode}: one of {@link OperationInputs}, `undefined` left out. */
export type OperationInput = Exclude<OperationInputs[KnownOperationCode], undefined>;

/**
 * The arguments of {@link Operations.fromCode} after the code `C`: the input is required when the
 * code needs one (`block_ip`, `advance_mark_mis_info`), optional for `kill_and_quara`, and absent
 * for every other code. A code known only at run time is narrowed first (a `switch`, or
 * `isKnownOperationCode` for an open {@link OperationCode}): a union of codes that take different
 * inputs takes none that compiles.
 */
export type OperationInputArgs<C extends KnownOperationCode> =
  // The input that fits every code of C: for a union, what each of its codes takes (a function type
  // per code, whose parameters infer as their intersection), `never` when they take different inputs.
  (C extends KnownOperationCode ? (input: OperationInputs[C]) => void : never) extends (
    input: infer I,
  ) => void
    ? undefined extends I
      ? [input?: I]
      : [input: I]
    : never;

const SCOPES: readonly string[] = ['ALL', 'part'] satisfies WhitelistScope[];

/**
 * Builders of handling operations. Each validates its input and throws a {@link ValidationError}
 * naming the offending field before anything is sent.
 *
 * @example
 * ```ts
 * import { Operations } from 'alicloud-alert-handler';
 *
 * const block = Operations.blockIp({ duration: '7d' });
 * // { code: 'block_ip', params: '{"expireTime":0}', expireAfterMs: 604800000, destructive: true, ... }
 * // the block ends 7 days after its batch is sent
 * const ignore = Operations.ignore(); // { code: 'ignore', params: '{}', destructive: false, ... }
 * ```
 */
export const Operations = {
  /**
   * Blocks the alert's source IP (`block_ip`, `{"expireTime":<epoch ms>}`) until `expireTime`, or for
   * `duration` from when its batch is sent: such a block carries `expireAfterMs`, and the `expireTime`
   * sent is the send time plus it. Blocks of the same duration are equal whenever they were built, so
   * a plan puts them in the same batches.
   *
   * @throws {@link ValidationError} `duration` when neither option is given or the duration is not one of
   * {@link BLOCK_DURATIONS_MS} or an integer from 1 minute to 365 days; `expireTime` when both are given
   * or it is not a valid time in the future at most 365 days ahead; `now` when it is not a function.
   *
   * @example
   * ```ts
   * Operations.blockIp({ duration: '7d' });
   * Operations.blockIp({ duration: 2 * 60 * 60 * 1000 }); // two hours
   * Operations.blockIp({ expireTime: new Date('2026-02-01T00:00:00Z') });
   * ```
   */
  blockIp(options: BlockIpOptions): Operation {
    const { duration, expireTime, now = Date.now } = options ?? {};
    if (typeof now !== 'function')
      throw invalid('now', '`now` must be a function returning epoch milliseconds.');
    const end = blockEnd(duration, expireTime, now());
    const name = operationDisplayName('block_ip');
    if ('afterMs' in end) {
      return {
        code: 'block_ip',
        params: RELATIVE_BLOCK_PARAMS,
        expireAfterMs: end.afterMs,
        destructive: isDestructive('block_ip'),
        description: `${name} for ${describeBlockDuration(end.afterMs)} after sending`,
      };
    }
    return {
      code: 'block_ip',
      params: JSON.stringify({ expireTime: end.atMs }),
      destructive: isDestructive('block_ip'),
      description: `${name} until ${new Date(end.atMs).toISOString()}`,
    };
  },

  /**
   * Kills the malicious process and, by default, quarantines its file (`kill_and_quara`, with
   * `subOperation` `killAndQuaraFileByMd5andPath`, or `killByMd5andPath` when `quarantine` is `false`).
   *
   * @throws {@link ValidationError} `quarantine` when it is not a boolean; the name of any other option
   * given.
   *
   * @example
   * ```ts
   * Operations.killAndQuarantine(); // kill and quarantine
   * Operations.killAndQuarantine({ quarantine: false }); // kill only
   * ```
   */
  killAndQuarantine(options: KillAndQuarantineOptions = {}): Operation {
    const other = Object.keys(options ?? {}).find((key) => key !== 'quarantine');
    if (other !== undefined) {
      throw invalid(
        other,
        `\`${other}\` is not an option of kill_and_quara: its only option is \`quarantine\` (false kills only).`,
      );
    }
    const { quarantine = true } = options ?? {};
    if (typeof quarantine !== 'boolean') throw invalid('quarantine', '`quarantine` must be true or false.');
    return {
      code: 'kill_and_quara',
      params: JSON.stringify({ subOperation: KILL_SUB_OPERATIONS[quarantine ? 0 : 1] }),
      destructive: isDestructive('kill_and_quara'),
      description: `${operationDisplayName('kill_and_quara')}: ${
        quarantine ? 'kill the process and quarantine its file' : 'kill the process, keep its file'
      }`,
    };
  },

  /**
   * Quarantines the malicious file (`virus_quara`, `{"subOperation":"quaraFileByMd5andPath"}`).
   *
   * @example
   * ```ts
   * Operations.quarantineFile();
   * ```
   */
  quarantineFile(): Operation {
    return fixed('virus_quara', { subOperation: QUARANTINE_SUB_OPERATION });
  },

  /**
   * Quarantines the malicious binary (`virus_quara_bin`, `{"subOperation":"quaraFileByMd5andPath"}`);
   * the fallback when the process to kill no longer exists.
   *
   * @example
   * ```ts
   * Operations.quarantineBinary();
   * ```
   */
  quarantineBinary(): Operation {
    return fixed('virus_quara_bin', { subOperation: QUARANTINE_SUB_OPERATION });
  },

  /**
   * Quarantines the alert's source file (`quara`, `{}`), e.g. a webshell.
   *
   * @example
   * ```ts
   * Operations.quarantine();
   * ```
   */
  quarantine(): Operation {
    return fixed('quara');
  },

  /**
   * Kills the malicious process (`kill_process`, `{}`).
   *
   * @example
   * ```ts
   * Operations.killProcess();
   * ```
   */
  killProcess(): Operation {
    return fixed('kill_process');
  },

  /**
   * Ignores the alert (`ignore`, `{}`).
   *
   * @example
   * ```ts
   * Operations.ignore();
   * ```
   */
  ignore(): Operation {
    return fixed('ignore');
  },

  /**
   * Marks the alert as handled manually (`manual_handled`, `{}`).
   *
   * @example
   * ```ts
   * Operations.markHandled();
   * ```
   */
  markHandled(): Operation {
    return fixed('manual_handled');
  },

  /**
   * Marks the alert as a false positive (`mark_mis_info`, `{}`), without whitelist rules.
   *
   * @example
   * ```ts
   * Operations.markFalsePositive();
   * ```
   */
  markFalsePositive(): Operation {
    return fixed('mark_mis_info');
  },

  /**
   * Adds advanced whitelist rules (`advance_mark_mis_info`, `{}` plus `MarkMissParam`). The
   * service replaces the alert type's rules wholesale; the plan merges these with the existing ones
   * and checks them against the fields the alert offers.
   *
   * @throws {@link ValidationError} `rules` when it is not a non-empty array; `rules[i].field`,
   * `rules[i].operate` or `rules[i].value` when a rule is incomplete, uses an unknown operator, uses
   * `inIpSegment` without an IP address or CIDR block, or uses `regex` with a pattern that does not
   * compile (as a JavaScript `RegExp`); `rules[i]` when it repeats an earlier rule; `scope` when it
   * is not `ALL` or `part`. `issues` lists every problem.
   *
   * @example
   * ```ts
   * Operations.whitelist({
   *   rules: [{ field: 'loginSourceIp', operate: 'inIpSegment', value: '198.51.100.0/24' }],
   *   scope: 'ALL',
   * });
   * ```
   */
  whitelist(options: WhitelistOptions): Operation {
    const { rules, scope } = options ?? ({} as Partial<WhitelistOptions>);
    const issues: ValidationIssue[] = [];
    const built = buildWhitelistRules(rules, scope as WhitelistScope, issues);
    if (!SCOPES.includes(scope as string)) {
      issues.push({ path: 'scope', message: "must be 'ALL' (all machines) or 'part' (the alert's machine)" });
    }
    const first = issues[0];
    if (first !== undefined) throw new ValidationError(`${first.path}: ${first.message}`, { issues });
    const where = scope === 'ALL' ? 'all machines' : "the alert's machine";
    return {
      code: 'advance_mark_mis_info',
      params: '{}',
      markMissParam: serializeWhitelistRules(built),
      rules: built,
      destructive: isDestructive('advance_mark_mis_info'),
      description: `${operationDisplayName('advance_mark_mis_info')}: ${built.length} rule${
        built.length === 1 ? '' : 's'
      } on ${where}`,
    };
  },

  /**
   * Builds the operation of a code this package knows, e.g. the one a recommendation names, typed per
   * code ({@link OperationInputs}): `block_ip` needs {@link BlockIpOptions}, `advance_mark_mis_info`
   * needs {@link WhitelistOptions}, `kill_and_quara` takes {@link KillAndQuarantineOptions}; every
   * other code takes no input and sends `{}` (or the `subOperation` its builder sends). A code known
   * only at run time is narrowed first: with {@link isKnownOperationCode}, and a `switch` for the codes
   * that take input. A code this package does not know is built with {@link Operations.unknownCode}.
   *
   * @throws {@link ValidationError} `code` when the code is unknown or cannot be run through the API
   * (`client_problem_check`); `input` when the code takes none and input is given; otherwise what the
   * code's builder throws.
   *
   * @example
   * ```ts
   * import { isKnownOperationCode, Operations } from 'alicloud-alert-handler';
   *
   * // Codes as the service reports them: open OperationCodes, narrowed before they are built.
   * for (const { code, userCanOperate } of (await alerts.getOperations(alertId)).operations) {
   *   if (!userCanOperate || !isKnownOperationCode(code)) continue; // a new code: Operations.unknownCode
   *   if (code === 'advance_mark_mis_info') continue; // needs rules: Operations.whitelist
   *   const operation =
   *     code === 'block_ip' ? Operations.fromCode(code, { duration: '1d' }) : Operations.fromCode(code);
   *   console.log(operation.description);
   * }
   *
   * // A recommendation's code needs a duration for block_ip only.
   * const rec = alerts.recommend(alert);
   * const recommended =
   *   rec.operation === 'block_ip'
   *     ? Operations.fromCode(rec.operation, { duration: '1d' })
   *     : Operations.fromCode(rec.operation);
   * ```
   */
  fromCode<C extends KnownOperationCode>(code: C, ...[input]: OperationInputArgs<C>): Operation {
    const given: unknown = input;
    switch (code as KnownOperationCode) {
      case 'block_ip':
        return Operations.blockIp((given ?? {}) as BlockIpOptions);
      case 'kill_and_quara':
        return Operations.killAndQuarantine(given as KillAndQuarantineOptions | undefined);
      case 'advance_mark_mis_info':
        return Operations.whitelist((given ?? {}) as WhitelistOptions);
    }
    const unsupported = UNSUPPORTED_OPERATIONS.get(code);
    if (unsupported !== undefined) throw invalid('code', `${code} ${unsupported}.`);
    if (!isKnownOperationCode(code)) {
      throw invalid(
        'code',
        `Unknown operation code ${describeValue(code)}. Use a code DescribeSecurityEventOperations lists; ` +
          'for one this package does not know yet, Operations.unknownCode(code, params).',
      );
    }
    if (given !== undefined) {
      throw invalid('input', `${code} takes no input, got ${describeValue(given)}.`);
    }
    switch (code) {
      case 'virus_quara':
        return Operations.quarantineFile();
      case 'virus_quara_bin':
        return Operations.quarantineBinary();
    }
    return fixed(code);
  },

  /**
   * Builds an operation of a code this package does not know: one the service added after this
   * version. Its `params` are sent as given (a JSON object, `{}` by default), unchecked beyond that,
   * so the operation carries the mark `unknownCode: true`, is always destructive (`handle()` asks for
   * `confirm: true`), and runs only on alerts whose `DescribeSecurityEventOperations` lists the code
   * with `UserCanOperate=true`, like every other operation. Plans accept an unknown code only from
   * this builder, and stored plans keep the mark.
   *
   * @param code - The `OperationCode`, e.g. `isolate_host`: a lowercase letter, then up to 63
   * lowercase letters, digits and underscores.
   * @param params - `OperationParams`: a JSON object, or its JSON text (sent as written); `{}` when
   * omitted.
   *
   * @throws {@link ValidationError} `code` when it is not spelled like a code, is a code this package
   * knows (use {@link Operations.fromCode}, which checks its parameters), or cannot be run through the
   * API (`client_problem_check`); `params` when it is not a JSON object.
   *
   * @example
   * ```ts
   * const isolate = Operations.unknownCode('isolate_host', { mode: 'full' });
   * // { code: 'isolate_host', params: '{"mode":"full"}', unknownCode: true, destructive: true, ... }
   * const plan = await alerts.plan([{ alertId: '7009607', operation: isolate }]);
   * ```
   */
  unknownCode(code: string, params: Readonly<Record<string, unknown>> | string = {}): Operation {
    const codeProblem = unknownOperationCodeProblem(code);
    if (codeProblem !== undefined) throw invalid('code', `\`code\` ${codeProblem}.`);
    const text = jsonObjectText(params);
    if (text === undefined) {
      throw invalid(
        'params',
        `\`params\` must be a JSON object (an object of JSON values, or its JSON text), got ${describeParams(params)}.`,
      );
    }
    return {
      code,
      params: text,
      unknownCode: true,
      destructive: isDestructive(code),
      description: `${code} (a code this package does not know; parameters sent as given)`,
    };
  },
} as const;

/** An operation whose parameters do not depend on input. */
function fixed(code: OperationCode, params: Record<string, string> = {}): Operation {
  return {
    code,
    params: JSON.stringify(params),
    destructive: isDestructive(code),
    description: operationDisplayName(code),
  };
}

/** Params that are not a JSON object, for a message (`describeValue` throws on cycles and bigints). */
function describeParams(params: unknown): string {
  if (typeof params === 'string' || params === null) return describeValue(params);
  if (Array.isArray(params)) return 'an array';
  return typeof params === 'object'
    ? 'an object that is not JSON data (a class instance, a cycle, or a Date, function, bigint, NaN or undefined in it)'
    : describeValue(params);
}

/** `params` as a JSON object's text: a string as written, when it is one; an object serialized. */
function jsonObjectText(params: unknown): string | undefined {
  if (typeof params === 'string') return parseJsonObject(params) === undefined ? undefined : params;
  return isJsonObject(params, new Set()) ? JSON.stringify(params) : undefined;
}

/** Whether a value is JSON data that `JSON.stringify` writes as it is (no cycle, no class instance). */
function isJsonValue(value: unknown, ancestors: Set<unknown>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    return withAncestor(value, ancestors, () =>
      Array.from(value).every((item) => isJsonValue(item, ancestors)),
    );
  }
  return isJsonObject(value, ancestors);
}

function isJsonObject(value: unknown, ancestors: Set<unknown>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return withAncestor(value, ancestors, () =>
    Object.values(value).every((member) => isJsonValue(member, ancestors)),
  );
}

/** `check()` with `value` among the ancestors; `false` when it already is one (a cycle). */
function withAncestor(value: object, ancestors: Set<unknown>, check: () => boolean): boolean {
  if (ancestors.has(value)) return false;
  ancestors.add(value);
  const ok = check();
  ancestors.delete(value);
  return ok;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}
