/**
 * Conditions (`all` / `any` / `not` over field tests), compiled once into functions that evaluate an
 * alert and say why: a {@link ConditionTrace} per condition evaluated.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { ValidationIssue } from '../errors.js';
import type { AddressField, Condition, DetailTest, TextField, TimeField } from './rule-set.js';
import { compileLevelTest, compileTextTest, compileTimeTest } from './tests.js';

/**
 * Why a condition held or not. `all` and `any` stop at the first condition that decides them, so
 * `children` lists the conditions evaluated, in order.
 */
export interface ConditionTrace {
  /** Where the condition is in its rule, e.g. `match.any[1].type`. */
  readonly path: string;
  /** What it tests, in words, e.g. `type contains "Webshell" (ignoring case)` or `any of 4`. */
  readonly test: string;
  /** Whether it held. */
  readonly held: boolean;
  /** The alert's value the test read (a detail test: the detail that held, as `name=value`); absent when the alert had none. */
  readonly actual?: string;
  /** The conditions of `all`, `any` or `not` that were evaluated. */
  readonly children?: readonly ConditionTrace[];
}

/**
 * A compiled condition: `holds` decides (allocating nothing), `explain` decides and says why. Both
 * give the same answer.
 */
export interface CompiledCondition {
  readonly holds: (alert: Alert, nowMs: number) => boolean;
  readonly explain: (alert: Alert, nowMs: number) => ConditionTrace;
}

const TEXT_VALUE: Record<TextField | AddressField, (alert: Alert) => string | undefined> = {
  id: (alert) => alert.id,
  name: (alert) => alert.name,
  eventName: (alert) => alert.eventName,
  type: (alert) => alert.type,
  typeDisplay: (alert) => alert.typeDisplay,
  status: (alert) => alert.status,
  uuid: (alert) => alert.uuid,
  instanceId: (alert) => alert.instanceId,
  instanceName: (alert) => alert.instanceName,
  verdict: (alert) => alert.raw.SupportOperateCode,
  internetIp: (alert) => alert.internetIp,
  intranetIp: (alert) => alert.intranetIp,
};

/** The alert's value of a text or address field (the AI verdict for `verdict`). */
export function alertValue(alert: Alert, field: TextField | AddressField): string | undefined {
  return TEXT_VALUE[field](alert);
}

/** Longest `actual` kept in a trace, in characters. */
const MAX_ACTUAL = 200;

function shown(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return value.length > MAX_ACTUAL ? `${value.slice(0, MAX_ACTUAL)}…` : value;
}

function leaf(path: string, test: string, held: boolean, actual: string | undefined): ConditionTrace {
  const shownValue = shown(actual);
  return shownValue === undefined ? { path, test, held } : { path, test, held, actual: shownValue };
}

/**
 * Compiles a condition (already of the right shape), recording problems (regexes, CIDR blocks) in
 * `issues` with paths under `path`.
 */
export function compileCondition(
  condition: Condition,
  path: string,
  issues: ValidationIssue[],
): CompiledCondition {
  const [key, value] = Object.entries(condition)[0] as [string, unknown];
  const at = `${path}.${key}`;
  switch (key) {
    case 'all':
    case 'any': {
      const children = (value as Condition[]).map((child, index) =>
        compileCondition(child, `${at}[${index}]`, issues),
      );
      const every = key === 'all';
      const test = `${key} of ${children.length}`;
      return {
        holds: every
          ? (alert, nowMs) => children.every((child) => child.holds(alert, nowMs))
          : (alert, nowMs) => children.some((child) => child.holds(alert, nowMs)),
        explain: (alert, nowMs) => {
          const traces: ConditionTrace[] = [];
          for (const child of children) {
            const trace = child.explain(alert, nowMs);
            traces.push(trace);
            if (trace.held !== every) return { path: at, test, held: !every, children: traces };
          }
          return { path: at, test, held: every, children: traces };
        },
      };
    }
    case 'not': {
      const child = compileCondition(value as Condition, at, issues);
      return {
        holds: (alert, nowMs) => !child.holds(alert, nowMs),
        explain: (alert, nowMs) => {
          const trace = child.explain(alert, nowMs);
          return { path: at, test: 'not', held: !trace.held, children: [trace] };
        },
      };
    }
    case 'level': {
      const { holds, description } = compileLevelTest(value as Parameters<typeof compileLevelTest>[0]);
      const test = `level ${description}`;
      return {
        holds: (alert) => holds(alert.level),
        explain: (alert) => leaf(at, test, holds(alert.level), alert.level),
      };
    }
    case 'firstSeen':
    case 'lastSeen': {
      const field = key as TimeField;
      const { holds, description } = compileTimeTest(value as Parameters<typeof compileTimeTest>[0]);
      const test = `${field} ${description}`;
      return {
        holds: (alert, nowMs) => holds(alert[field], nowMs),
        explain: (alert, nowMs) => leaf(at, test, holds(alert[field], nowMs), alert[field]?.toISOString()),
      };
    }
    case 'detail':
      return compileDetail(value as DetailTest, at, issues);
    default: {
      const field = key as TextField | AddressField;
      const { holds, description } = compileTextTest(
        value as Parameters<typeof compileTextTest>[0],
        at,
        issues,
      );
      const test = `${field} ${description}`;
      const read = TEXT_VALUE[field];
      return {
        holds: (alert) => holds(read(alert)),
        explain: (alert) => {
          const actual = read(alert);
          return leaf(at, test, holds(actual), actual);
        },
      };
    }
  }
}

function compileDetail(detail: DetailTest, at: string, issues: ValidationIssue[]): CompiledCondition {
  const name = compileTextTest(detail.name, `${at}.name`, issues);
  const value = detail.value === undefined ? undefined : compileTextTest(detail.value, `${at}.value`, issues);
  const test = `a detail whose name ${name.description}${value === undefined ? '' : ` and value ${value.description}`}`;
  const find = (alert: Alert) =>
    alert.details.find(
      (candidate) => name.holds(candidate.name) && (value === undefined || value.holds(candidate.value)),
    );
  return {
    holds: (alert) => find(alert) !== undefined,
    explain: (alert) => {
      const found = find(alert);
      return found === undefined
        ? leaf(at, test, false, undefined)
        : leaf(at, test, true, `${found.name}=${found.value}`);
    },
  };
}
