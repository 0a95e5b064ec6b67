/**
 * Builders of handling operations: each validates its input and returns the `OperationCode`,
 * `OperationParams` and (for the advanced whitelist) `MarkMissParam` that `HandleSecurityEvents` takes.
 *
 * @packageDocumentation
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import {
  isDestructive,
  isKnownOperationCode,
  type OperationCode,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
} from './operation-codes.js';
import {
  buildWhitelistRules,
  serializeWhitelistRules,
  type WhitelistRule,
  type WhitelistRuleInput,
  type WhitelistScope,
} from './whitelist.js';

/**
 * A handling operation, ready to send: plain data that survives `JSON.stringify`. Build it with
 * {@link Operations}.
 */
export interface Operation {
  /** `OperationCode` of `HandleSecurityEvents`. */
  readonly code: OperationCode;
  /** `OperationParams`: a JSON object as a string, `'{}'` when the operation takes no parameter. */
  readonly params: string;
  /**
   * `MarkMissParam` of the advanced whitelist: the new rules as a JSON array string. The plan sends
   * them merged with the alert type's existing rules, which the service would otherwise replace.
   */
  readonly markMissParam?: string;
  /** The new whitelist rules that `markMissParam` holds. */
  readonly rules?: readonly WhitelistRule[];
  /**
   * Whether the operation changes state on hosts or in the whitelist, for display: confirmations,
   * plans and audit events decide it from `code` (see `isDestructive`), never from this field.
   */
  readonly destructive: boolean;
  /** What the operation does, for confirmations and summaries, e.g. `Block IP until 2026-01-16T08:00:00.000Z`. */
  readonly description: string;
}

/** Block durations the console offers, in milliseconds. */
export const BLOCK_DURATIONS_MS = {
  '6h': 6 * 60 * 60 * 1000,
  '1d': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
  '30d': 30 * 24 * 60 * 60 * 1000,
} as const;

/** A named block duration (see {@link BLOCK_DURATIONS_MS}). */
export type BlockDuration = keyof typeof BLOCK_DURATIONS_MS;

/** Options of {@link Operations.blockIp}: give exactly one of `duration` and `expireTime`. */
export interface BlockIpOptions {
  /**
   * How long to block: a named duration, or milliseconds (an integer from one minute to 365 days).
   */
  duration?: BlockDuration | number;
  /** When the block ends: a `Date` or epoch milliseconds, in the future and at most 365 days ahead. */
  expireTime?: Date | number;
  /**
   * Clock the duration is added to and `expireTime` is checked against, in epoch milliseconds.
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
 * Input of {@link Operations.fromCode}: {@link BlockIpOptions} for `block_ip`,
 * {@link KillAndQuarantineOptions} for `kill_and_quara`, {@link WhitelistOptions} for
 * `advance_mark_mis_info`; the other codes take none.
 */
export type OperationInput = BlockIpOptions | KillAndQuarantineOptions | WhitelistOptions;

/** The `subOperation`s of `kill_and_quara`: kill and quarantine the file (the default), or kill only. */
const KILL_SUB_OPERATIONS = ['killAndQuaraFileByMd5andPath', 'killByMd5andPath'] as const;
/** The `subOperation` of `virus_quara` and `virus_quara_bin`. */
const QUARANTINE_SUB_OPERATION = 'quaraFileByMd5andPath';
/** The keys of a whitelist rule in `MarkMissParam`. */
const RULE_KEYS = ['uuid', 'field', 'operate', 'fieldValue'] as const;

const MINUTE_MS = 60 * 1000;
const MAX_BLOCK_MS = 365 * 24 * 60 * MINUTE_MS;
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
 * // { code: 'block_ip', params: '{"expireTime":1768...}', destructive: true, ... }
 * const ignore = Operations.ignore(); // { code: 'ignore', params: '{}', destructive: false, ... }
 * ```
 */
export const Operations = {
  /**
   * Blocks the alert's source IP until `expireTime` (`block_ip`, `{"expireTime":<epoch ms>}`).
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
    const nowMs = now();
    if (duration === undefined && expireTime === undefined) {
      throw invalid(
        'duration',
        "block_ip needs `duration` ('6h', '1d', '7d', '30d' or milliseconds) or `expireTime` (a Date or epoch milliseconds).",
      );
    }
    if (duration !== undefined && expireTime !== undefined) {
      throw invalid('expireTime', 'Give either `duration` or `expireTime`, not both.');
    }
    const expireMs = duration === undefined ? expireTimeMs(expireTime, nowMs) : nowMs + durationMs(duration);
    return {
      code: 'block_ip',
      params: JSON.stringify({ expireTime: expireMs }),
      destructive: isDestructive('block_ip'),
      description: `${operationDisplayName('block_ip')} until ${new Date(expireMs).toISOString()}`,
    };
  },

  /**
   * Kills the malicious process and, by default, quarantines its file (`kill_and_quara`, with
   * `subOperation` `killAndQuaraFileByMd5andPath`, or `killByMd5andPath` when `quarantine` is `false`).
   *
   * @throws {@link ValidationError} `quarantine` when it is not a boolean.
   *
   * @example
   * ```ts
   * Operations.killAndQuarantine(); // kill and quarantine
   * Operations.killAndQuarantine({ quarantine: false }); // kill only
   * ```
   */
  killAndQuarantine(options: KillAndQuarantineOptions = {}): Operation {
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
   * Builds the operation of a code, e.g. the one a recommendation names. `block_ip` needs
   * {@link BlockIpOptions}, `advance_mark_mis_info` needs {@link WhitelistOptions}, `kill_and_quara`
   * takes {@link KillAndQuarantineOptions}; every other known code takes no input and sends `{}`.
   *
   * @throws {@link ValidationError} `code` when the code is unknown or cannot be run through the API
   * (`client_problem_check`); otherwise what the code's builder throws.
   *
   * @example
   * ```ts
   * const rec = recommend(alert);
   * const operation = rec.operation === 'block_ip'
   *   ? Operations.fromCode(rec.operation, { duration: '1d' })
   *   : Operations.fromCode(rec.operation);
   * ```
   */
  fromCode(code: OperationCode, input?: OperationInput): Operation {
    switch (code) {
      case 'block_ip':
        return Operations.blockIp((input ?? {}) as BlockIpOptions);
      case 'kill_and_quara':
        return Operations.killAndQuarantine(input as KillAndQuarantineOptions | undefined);
      case 'advance_mark_mis_info':
        return Operations.whitelist((input ?? {}) as WhitelistOptions);
      case 'virus_quara':
        return Operations.quarantineFile();
      case 'virus_quara_bin':
        return Operations.quarantineBinary();
    }
    const unsupported = UNSUPPORTED_OPERATIONS.get(code);
    if (unsupported !== undefined) throw invalid('code', `${code} ${unsupported}.`);
    if (!isKnownOperationCode(code)) {
      throw invalid(
        'code',
        `Unknown operation code '${code}'. Use a code DescribeSecurityEventOperations lists.`,
      );
    }
    return fixed(code);
  },
} as const;

/**
 * What is wrong with the `OperationParams` of an operation, or `undefined` when nothing is: it must be
 * a JSON object string, `{"expireTime":<epoch ms>}` (an integer) for `block_ip`,
 * `{"subOperation":"killAndQuaraFileByMd5andPath"}` or `{"subOperation":"killByMd5andPath"}` for
 * `kill_and_quara`, `{"subOperation":"quaraFileByMd5andPath"}` for `virus_quara` and `virus_quara_bin`,
 * and `{}` for every other code. Checks what {@link Operations} builds, when it comes back as data.
 *
 * @example
 * ```ts
 * operationParamsProblem('block_ip', '{"expireTime":1768464000000}'); // undefined
 * operationParamsProblem('ignore', '{"expireTime":1}'); // 'ignore takes {}, got {"expireTime":1}'
 * ```
 */
export function operationParamsProblem(code: OperationCode, params: unknown): string | undefined {
  const parsed = typeof params === 'string' ? jsonObject(params) : undefined;
  if (parsed === undefined) return `must be a JSON object as a string, got ${brief(params)}`;
  const keys = Object.keys(parsed);
  const only = (key: string, ok: (value: unknown) => boolean) =>
    keys.length === 1 && keys[0] === key && ok(parsed[key]);
  switch (code) {
    case 'block_ip':
      return only('expireTime', (value) => Number.isSafeInteger(value) && (value as number) > 0)
        ? undefined
        : `block_ip takes {"expireTime":<epoch milliseconds, an integer>}, got ${brief(params)}`;
    case 'kill_and_quara':
      return only('subOperation', (value) => (KILL_SUB_OPERATIONS as readonly unknown[]).includes(value))
        ? undefined
        : `kill_and_quara takes {"subOperation":"${KILL_SUB_OPERATIONS.join('" or "')}"}, got ${brief(params)}`;
    case 'virus_quara':
    case 'virus_quara_bin':
      return only('subOperation', (value) => value === QUARANTINE_SUB_OPERATION)
        ? undefined
        : `${code} takes {"subOperation":"${QUARANTINE_SUB_OPERATION}"}, got ${brief(params)}`;
    default:
      return keys.length === 0 ? undefined : `${code} takes {}, got ${brief(params)}`;
  }
}

/**
 * The problems of a whitelist rule list as `MarkMissParam` carries it (parsed): a non-empty array of
 * `{ uuid, field, operate, fieldValue }`, all strings, `uuid`, `field` and `operate` not empty, no other
 * key. Each problem's path starts with `path`, e.g. `rules[2].fieldValue`.
 *
 * @example
 * ```ts
 * whitelistRuleListIssues([{ uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'root' }], 'rules'); // []
 * whitelistRuleListIssues([], 'rules'); // [{ path: 'rules', message: 'must be a non-empty array of whitelist rules …' }]
 * ```
 */
export function whitelistRuleListIssues(rules: unknown, path: string): ValidationIssue[] {
  if (!Array.isArray(rules) || rules.length === 0) {
    return [
      {
        path,
        message: `must be a non-empty array of whitelist rules { uuid, field, operate, fieldValue }, got ${brief(rules)}`,
      },
    ];
  }
  return rules.flatMap((rule: unknown, index): ValidationIssue[] => {
    const at = `${path}[${index}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      return [
        { path: at, message: `must be a rule { uuid, field, operate, fieldValue }, got ${brief(rule)}` },
      ];
    }
    const record = rule as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => !(RULE_KEYS as readonly string[]).includes(key));
    return [
      ...extra.map((key) => ({ path: `${at}.${key}`, message: 'is not a part of a whitelist rule' })),
      ...RULE_KEYS.flatMap((key) => {
        const value = record[key];
        const ok = typeof value === 'string' && (key === 'fieldValue' || value !== '');
        return ok
          ? []
          : [
              {
                path: `${at}.${key}`,
                message: `must be a ${key === 'fieldValue' ? '' : 'non-empty '}string`,
              },
            ];
      }),
    ];
  });
}

/** A JSON object string as an object; `undefined` when the text is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A value for a message, cut to a readable length. */
function brief(value: unknown): string {
  const text = describeValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** An operation whose parameters do not depend on input. */
function fixed(code: OperationCode, params: Record<string, string> = {}): Operation {
  return {
    code,
    params: JSON.stringify(params),
    destructive: isDestructive(code),
    description: operationDisplayName(code),
  };
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}

function durationMs(duration: BlockDuration | number): number {
  if (typeof duration === 'string' && Object.hasOwn(BLOCK_DURATIONS_MS, duration)) {
    return BLOCK_DURATIONS_MS[duration];
  }
  if (
    typeof duration === 'number' &&
    Number.isInteger(duration) &&
    duration >= MINUTE_MS &&
    duration <= MAX_BLOCK_MS
  ) {
    return duration;
  }
  throw invalid(
    'duration',
    `\`duration\` must be '6h', '1d', '7d', '30d', or whole milliseconds from ${MINUTE_MS} (1 minute) to ${MAX_BLOCK_MS} (365 days); got ${String(duration)}.`,
  );
}

function expireTimeMs(expireTime: Date | number | undefined, nowMs: number): number {
  const ms = expireTime instanceof Date ? expireTime.getTime() : expireTime;
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw invalid('expireTime', '`expireTime` must be a valid Date or whole epoch milliseconds.');
  }
  if (ms <= nowMs) {
    throw invalid(
      'expireTime',
      `\`expireTime\` must be in the future; ${new Date(ms).toISOString()} has passed.`,
    );
  }
  if (ms > nowMs + MAX_BLOCK_MS) {
    throw invalid('expireTime', '`expireTime` must be at most 365 days ahead.');
  }
  return ms;
}
