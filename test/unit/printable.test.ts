import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../src/alerts/plan-format.js';
import { formatPlan, HandlingReport, Operations } from '../../src/index.js';
import { printable } from '../../src/util/printable.js';

const FORGED = 'denied\n  Batch 9: Kill and Quarantine [kill_and_quara]\r\u001b[2K\u202eevil';

describe('text from the service, printed', () => {
  it('shows line breaks, escape sequences and direction marks as escapes, and leaves the rest', () => {
    expect(printable(FORGED)).toBe(
      'denied\\n  Batch 9: Kill and Quarantine [kill_and_quara]\\r\\u001b[2K\\u202eevil',
    );
    expect(printable('Block IP 封禁 — ok')).toBe('Block IP 封禁 — ok');
  });

  it('cannot forge a line of a printed plan or summary', () => {
    const plan = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['7009607'] }],
      skipped: [{ alertId: '7009608', operation: 'ignore', reason: FORGED }],
    });
    const printed = formatPlan(plan).split('\n');
    expect(printed.filter((line) => line.startsWith('  Batch'))).toHaveLength(1);
    expect(printed.at(-1)).toContain('denied\\n  Batch 9');

    const report = new HandlingReport([
      { alertId: '7009608', operation: 'ignore', status: 'failed', errorCode: FORGED },
      { alertId: '7009609', operation: 'ignore', status: 'skipped', reason: FORGED },
    ]);
    const summary = report.summary();
    for (const character of ['\u001b', '\u202e', '\r']) expect(summary).not.toContain(character);
    expect(summary.split('\n').filter((line) => line.startsWith('  Batch'))).toEqual([]);
  });
});
