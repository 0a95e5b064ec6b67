/**
 * Response rules: evaluating 100,000 alerts against a 50-rule set, in alerts per second, with the
 * conditions explained (the default) and without; and, for scale, `recommend()` over the same alerts. Run alone:
 *
 *   npx tsx bench/rules.ts
 *
 * The set puts 39 rules that rarely match (regexes, CIDR blocks, levels, times, details, nested
 * `all` / `any` / `not`) before the 11 of the default set, so that most alerts are evaluated against
 * most rules: near the worst case for one set of this size.
 */
import { toAlert } from '../src/alerts/alert.js';
import { sampleAlerts } from '../src/emulator/index.js';
import type { SuspEvent } from '../src/generated/index.js';
import {
  type Condition,
  DEFAULT_RESPONSE_RULES,
  type ResponseRuleInput,
  ResponseRules,
  recommend,
} from '../src/index.js';
import { duration, int, median } from './stats.js';

const ALERTS = 100_000;
const RUNS = 3;
const NOW = Date.parse('2026-01-15T00:00:00Z');

/** The condition of custom rule `index`: one of several shapes, each true for few alerts. */
function condition(index: number): Condition {
  const shapes: Condition[] = [
    {
      all: [
        { level: { atLeast: 'serious' } },
        { eventName: { regex: `^rare_${index}_[a-z]+$`, ignoreCase: true } },
      ],
    },
    { internetIp: { cidr: [`198.18.${index}.0/24`, `2001:db8:${index.toString(16)}::/48`] } },
    {
      any: [
        { type: { equals: `Type ${index}` } },
        { name: { contains: [`needle-${index}`, `针-${index}`] } },
      ],
    },
    { all: [{ lastSeen: { withinLastMs: 60_000 } }, { not: { level: { equals: 'remind' } } }] },
    { detail: { name: { prefix: 'Login source' }, value: { cidr: `192.0.2.${index}/32` } } },
    {
      all: [
        { uuid: { in: [`uuid-${index}`, `uuid-${index + 100}`] } },
        { intranetIp: { cidr: '172.16.0.0/12' } },
      ],
    },
    { not: { any: [{ level: { atMost: 'serious' } }, { verdict: { regex: 'AI\\..*' } }] } },
  ];
  return shapes[index % shapes.length] as Condition;
}

function ruleSet(): ResponseRules {
  const custom: ResponseRuleInput[] = Array.from({ length: 39 }, (_, index) => ({
    id: `custom-${index}`,
    order: index,
    terminal: index % 3 !== 0,
    status: index % 10 === 9 ? 'dryRun' : 'enabled',
    match: condition(index),
    action: index % 2 === 0 ? { skip: { reason: `custom ${index}` } } : { handle: { operation: 'ignore' } },
  }));
  const defaults = DEFAULT_RESPONSE_RULES.rules.map((rule) => ({ ...rule, order: rule.order + 100 }));
  return ResponseRules.parse({ name: 'bench', version: 1, rules: [...custom, ...defaults] });
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

let parsed: ResponseRules | undefined;
const firstParseMs = time(() => {
  parsed = ruleSet();
});
const rules = parsed as ResponseRules;
const parseMs = median(Array.from({ length: 5 }, () => time(ruleSet)));
const alerts = sampleAlerts(ALERTS, 'bench-rules', { fields: 'core' }).map((event) =>
  toAlert(event as SuspEvent),
);

/** Evaluates every alert; returns how many rules were traced per alert, on average. */
function evaluateAll(explain: boolean): number {
  let traced = 0;
  for (const alert of alerts) traced += rules.evaluate(alert, { now: NOW, explain }).trace.length;
  return traced / alerts.length;
}

const perSecond = (ms: number) => int((ALERTS / ms) * 1000);
console.log(
  `rule set: ${rules.rules.length} rules; parse ${duration(firstParseMs)} first (cold code), ${duration(parseMs)} after`,
);
for (const explain of [true, false]) {
  const traced = evaluateAll(explain); // warm-up
  const ms = median(Array.from({ length: RUNS }, () => time(() => evaluateAll(explain))));
  console.log(
    `evaluate({ explain: ${explain} }): ${int(ALERTS)} alerts in ${duration(ms)} (median of ${RUNS}): ` +
      `${perSecond(ms)} alerts/s, ${traced.toFixed(1)} rules traced per alert`,
  );
}
const recommendAll = () => alerts.map((alert) => recommend(alert));
recommendAll();
const recommendMs = median(Array.from({ length: RUNS }, () => time(recommendAll)));
console.log(
  `recommend(), for scale: ${int(ALERTS)} alerts in ${duration(recommendMs)}: ${perSecond(recommendMs)} alerts/s (11 RegExp rules, no trace)`,
);
