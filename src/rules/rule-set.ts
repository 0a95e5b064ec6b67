/**
 * The response rule set as data: what a rule set file holds (JSON, or YAML read into the same object).
 * Validated by `ResponseRules.parse`; described for editors by `responseRulesJsonSchema()`.
 *
 * @packageDocumentation
 */
import type { BlockDuration } from '../alerts/block-expiry.js';
import type { KnownOperationCode } from '../alerts/operation-codes.js';
import type { WhitelistOperator, WhitelistScope } from '../alerts/whitelist.js';

/** Severities, lowest first: `{ level: { atLeast: 'suspicious' } }` holds for `suspicious` and `serious`. */
export const ALERT_LEVEL_RANKS = ['remind', 'suspicious', 'serious'] as const;

/** A severity a rule can name (see {@link ALERT_LEVEL_RANKS}). */
export type RankedAlertLevel = (typeof ALERT_LEVEL_RANKS)[number];

/** Statuses of a rule: `dryRun` rules are evaluated and reported, but decide nothing. */
export const RULE_STATUSES = ['enabled', 'disabled', 'dryRun'] as const;

/** Status of a rule (see {@link RULE_STATUSES}). */
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** One pattern, or a list of which any may match. */
export type OneOrMore = string | readonly string[];

/**
 * A test of a text field: exactly one of `equals`, `in`, `prefix`, `contains` or `regex`. A list holds
 * when any of its items does. A field the alert does not have (or has empty) passes no test.
 */
export interface TextTest {
  /** The whole value is this. */
  readonly equals?: string;
  /** The whole value is one of these. */
  readonly in?: readonly string[];
  /** The value starts with this (or one of these). */
  readonly prefix?: OneOrMore;
  /** The value contains this (or one of these). */
  readonly contains?: OneOrMore;
  /**
   * An RE2 regular expression (or several) found anywhere in the value: linear time, so no pattern
   * can make evaluation backtrack; backreferences and lookarounds do not exist. Anchor with `^` / `$`.
   */
  readonly regex?: OneOrMore;
  /**
   * Compare without regard to case (also for `regex`).
   * @defaultValue false
   */
  readonly ignoreCase?: boolean;
}

/**
 * A test of an IP address field: a {@link TextTest}, or `cidr`: the address (or one of the
 * comma-separated addresses) lies in this block (or one of these), IPv4 or IPv6, e.g. `203.0.113.0/24`;
 * a bare address is a block of one.
 */
export interface AddressTest extends TextTest {
  /** CIDR blocks or addresses. */
  readonly cidr?: OneOrMore;
}

/** A test of the severity: exactly one of `equals`, `in`, `atLeast`, `atMost` (by rank, see {@link ALERT_LEVEL_RANKS}). */
export interface LevelTest {
  readonly equals?: RankedAlertLevel;
  readonly in?: readonly RankedAlertLevel[];
  readonly atLeast?: RankedAlertLevel;
  readonly atMost?: RankedAlertLevel;
}

/**
 * A test of a time (`firstSeen`, `lastSeen`): exactly one of `before`, `after` (ISO 8601 with a zone,
 * e.g. `2026-01-15T00:00:00Z`), `withinLastMs` (no older than this many milliseconds before the
 * evaluation's `now`) or `olderThanMs` (older than that). An alert without the time passes no test.
 */
export interface TimeTest {
  readonly before?: string;
  readonly after?: string;
  readonly withinLastMs?: number;
  readonly olderThanMs?: number;
}

/**
 * A test of the alert's details (`Details`): some detail whose name passes `name` and, when given,
 * whose value passes `value` (the same detail).
 */
export interface DetailTest {
  readonly name: TextTest;
  readonly value?: AddressTest;
}

/** Text fields of an alert a condition can test. `verdict` is the AI verdict (`SupportOperateCode`). */
export const TEXT_FIELDS = [
  'id',
  'name',
  'eventName',
  'type',
  'typeDisplay',
  'status',
  'uuid',
  'instanceId',
  'instanceName',
  'verdict',
] as const;

/** A text field of an alert (see {@link TEXT_FIELDS}). */
export type TextField = (typeof TEXT_FIELDS)[number];

/** IP address fields of an alert. */
export const ADDRESS_FIELDS = ['internetIp', 'intranetIp'] as const;

/** An IP address field of an alert (see {@link ADDRESS_FIELDS}). */
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** Time fields of an alert. */
export const TIME_FIELDS = ['firstSeen', 'lastSeen'] as const;

/** A time field of an alert (see {@link TIME_FIELDS}). */
export type TimeField = (typeof TIME_FIELDS)[number];

/**
 * A condition: exactly one key. `all` holds when every condition of its list holds, `any` when one
 * does, `not` when its condition does not; the others test one field of the alert.
 *
 * @example
 * ```ts
 * const condition: Condition = {
 *   all: [
 *     { level: { atLeast: 'suspicious' } },
 *     { any: [{ type: { contains: 'Unusual Logon' } }, { eventName: { prefix: 'login_' } }] },
 *     { not: { internetIp: { cidr: ['10.0.0.0/8', '2001:db8::/32'] } } },
 *   ],
 * };
 * ```
 */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly level: LevelTest }
  | { readonly detail: DetailTest }
  | { readonly [field in TextField]?: TextTest }
  | { readonly [field in AddressField]?: AddressTest }
  | { readonly [field in TimeField]?: TimeTest };

/**
 * A value taken from the alert when the rule is evaluated: one of its fields (`{ field: 'internetIp' }`)
 * or the value of its first detail of that name (`{ detail: 'Login source IP' }`).
 */
export type AlertValueReference = { readonly field: TextField | AddressField } | { readonly detail: string };

/** A whitelist rule of a `handle` action; `value` may be taken from the alert. */
export interface WhitelistRuleTemplate {
  /** Field to test (a `FiledName` of the alert's `MarkFieldsSource`), e.g. `loginSourceIp`. */
  readonly field: string;
  /** Match operator. */
  readonly operate: WhitelistOperator;
  /** The value, or where in the alert to take it from. */
  readonly value: string | AlertValueReference;
}

/**
 * What `handle` does: an operation code, the input its builder (`Operations.fromCode`) takes, and why.
 * `block_ip` takes `{ duration }` (a named duration or milliseconds), `kill_and_quara`
 * `{ quarantine? }`, `advance_mark_mis_info` `{ rules, scope }`; other codes take no input.
 */
export type HandleSpec = {
  /** Why, for the person who reviews the decision. */
  readonly reason?: string;
} & (
  | { readonly operation: 'block_ip'; readonly input: { readonly duration: BlockDuration | number } }
  | { readonly operation: 'kill_and_quara'; readonly input?: { readonly quarantine?: boolean } }
  | {
      readonly operation: 'advance_mark_mis_info';
      readonly input: { readonly rules: readonly WhitelistRuleTemplate[]; readonly scope: WhitelistScope };
    }
  | {
      readonly operation: Exclude<
        KnownOperationCode,
        'block_ip' | 'kill_and_quara' | 'advance_mark_mis_info' | 'client_problem_check'
      >;
    }
);

/** What a rule does when it decides: handle the alert with an operation, or leave it alone. */
export type RuleAction = { readonly handle: HandleSpec } | { readonly skip: { readonly reason: string } };

/** One rule, as written. */
export interface ResponseRuleInput {
  /** Unique in the set: letters, digits, `.`, `_`, `-`. */
  readonly id: string;
  /** What the rule is for. */
  readonly description?: string;
  /** Rules are evaluated by `order`, lowest first, then in the order written. */
  readonly order: number;
  /**
   * Whether a match ends the evaluation: later rules are not evaluated.
   * @defaultValue true
   */
  readonly terminal?: boolean;
  /** @defaultValue `'enabled'` */
  readonly status?: RuleStatus;
  /** From this time on (ISO 8601 with a zone) the rule is skipped and traced as expired. */
  readonly expiresAt?: string;
  /** When the rule applies. */
  readonly match: Condition;
  /** What it does then. */
  readonly action: RuleAction;
}

/** A rule set, as written. */
export interface ResponseRuleSetInput {
  /** The JSON Schema the file follows, for editors; ignored. */
  readonly $schema?: string;
  /** Name of the rule set. */
  readonly name: string;
  /** Version of the rule set, a positive integer: raise it on every change. */
  readonly version: number;
  /** The rules. */
  readonly rules: readonly ResponseRuleInput[];
}
