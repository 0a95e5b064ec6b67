import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAlert } from '../../../src/alerts/alert.js';
import { sampleAlerts } from '../../../src/emulator/index.js';
import type { SuspEvent } from '../../../src/generated/index.js';
import type { Condition } from '../../../src/rules/rule-set.js';
import { holds } from './rule-fixtures.js';

const ALERTS = sampleAlerts(40, 'laws').map((event) => toAlert(event as SuspEvent));
/** An hour after the newest alert was last seen. */
const NOW = Math.max(...ALERTS.map((subject) => subject.lastSeen?.getTime() ?? 0)) + 3_600_000;

/** Field tests that hold for some sample alerts and not for others. */
const LEAVES: Condition[] = [
  { level: { atLeast: 'suspicious' } },
  { level: { equals: 'remind' } },
  { type: { contains: 'process', ignoreCase: true } },
  { eventName: { regex: '^login_|shell' } },
  { internetIp: { cidr: '203.0.113.0/25' } },
  { intranetIp: { prefix: '10.1' } },
  { lastSeen: { withinLastMs: 10 * 3_600_000 } },
  { detail: { name: { contains: 'IP' } } },
  { verdict: { in: ['AI.false_positive', 'AI.real_attack'] } },
];

const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

/** Whether two conditions hold for the same sample alerts. */
function same(left: Condition, right: Condition): void {
  for (const subject of ALERTS) expect(holds(left, subject, NOW)).toBe(holds(right, subject, NOW));
}

describe('condition trees obey the laws of logic', () => {
  it('not not c is c; all [c] and any [c] are c', () => {
    fc.assert(
      fc.property(condition, (c) => {
        same({ not: { not: c } }, c);
        same({ all: [c] }, c);
        same({ any: [c] }, c);
      }),
      { numRuns: 60 },
    );
  });

  it("De Morgan: not all [a, b] is any [not a, not b]; order inside all and any doesn't matter", () => {
    fc.assert(
      fc.property(condition, condition, (a, b) => {
        same({ not: { all: [a, b] } }, { any: [{ not: a }, { not: b }] });
        same({ all: [a, b] }, { all: [b, a] });
        same({ any: [a, b] }, { any: [b, a] });
      }),
      { numRuns: 40 },
    );
  });

  it('the sample alerts are split by the leaves (the laws are not tested on constants)', () => {
    for (const leaf of LEAVES) {
      const results = new Set(ALERTS.map((subject) => holds(leaf, subject, NOW)));
      expect(results.size, JSON.stringify(leaf)).toBe(2);
    }
  });
});
