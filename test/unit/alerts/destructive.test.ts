/**
 * Destructiveness comes from the operation code (the DESTRUCTIVE_OPERATIONS table), never from the
 * `destructive` flag an operation or a plan carries: the confirmation of `handle()`, the plan's flags,
 * `formatPlan` and the audit events all read the table.
 */
import { describe, expect, it } from 'vitest';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import {
  AlertHandler,
  type AuditEvent,
  ConfirmationRequiredError,
  formatPlan,
  isDestructive,
  type KnownOperationCode,
  OPERATION_DISPLAY_NAMES,
  type Operation,
  Operations,
  type SasClient,
} from '../../../src/index.js';
import { answer } from '../../support/task-status.js';

/** Every operation code offered and allowed; every task done at once. Records each handling call. */
function service() {
  const handled: { code: string; ids: string[] }[] = [];
  const calls: SasCalls = {
    describeSuspEvents: async (request = {}) => ({
      RequestId: 'R',
      SuspEvents: request.Id === undefined ? [] : [{ Id: request.Id, EventStatus: 1 }],
    }),
    describeSecurityEventOperations: async () => ({
      RequestId: 'R',
      SecurityEventOperationsResponse: ['kill_and_quara', 'ignore', 'new_code'].map((code) => ({
        OperationCode: code,
        UserCanOperate: true,
        OperationParams: '{}',
      })),
    }),
    handleSecurityEvents: async (request) => {
      handled.push({ code: request.OperationCode, ids: [...request.SecurityEventIds] });
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: handled.length } };
    },
    describeSecurityEventOperationStatus: async (request = {}) =>
      answer(
        'Success',
        (request.SecurityEventIds ?? []).map((id): [string, string, string] => [id, 'Success', 'Success']),
      ),
  };
  const audit: AuditEvent[] = [];
  const alerts = new AlertHandler({
    client: calls as SasClient,
    onAudit: (event) => audit.push(event),
    poll: { intervalMs: 1, maxAttempts: 2, maxWaitMs: 1000 },
  });
  return { alerts, handled, audit };
}

const UNCONFIRMED_KILL: Operation = { ...Operations.killAndQuarantine(), destructive: false };

describe('destructiveness from the operation code', () => {
  it('counts every code of the table as destructive, and unknown codes too (the safe default)', () => {
    expect(isDestructive('kill_and_quara')).toBe(true);
    expect(isDestructive('ignore')).toBe(false);
    expect(isDestructive('new_code')).toBe(true);
    expect(isDestructive('toString')).toBe(true);
  });

  it('builds every operation with the flag of its code', () => {
    const rules = [{ field: 'f', operate: 'strEqual', value: 'v' }] as const;
    for (const code of Object.keys(OPERATION_DISPLAY_NAMES) as KnownOperationCode[]) {
      if (code === 'client_problem_check') continue;
      const operation =
        code === 'block_ip'
          ? Operations.fromCode(code, { duration: '1d' })
          : code === 'advance_mark_mis_info'
            ? Operations.fromCode(code, { rules, scope: 'ALL' })
            : Operations.fromCode(code);
      expect([code, operation.destructive]).toEqual([code, isDestructive(code)]);
    }
  });

  it('handle() refuses { ...Operations.killAndQuarantine(), destructive: false } unconfirmed, sending nothing', async () => {
    const { alerts, handled } = service();
    await expect(alerts.handle(['7009607'], UNCONFIRMED_KILL)).rejects.toBeInstanceOf(
      ConfirmationRequiredError,
    );
    expect(handled).toEqual([]);
  });

  it('handle() refuses an operation of an unknown code unconfirmed, sending nothing', async () => {
    const { alerts, handled } = service();
    const unknown: Operation = { code: 'new_code', params: '{}', destructive: false, description: 'New' };
    await expect(alerts.handle(['7009607'], unknown)).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect(handled).toEqual([]);
  });

  it('handle() runs Operations.unknownCode only with { confirm: true }', async () => {
    const { alerts, handled } = service();
    const operation = Operations.unknownCode('new_code', { mode: 'full' });
    await expect(alerts.handle(['7009607'], operation)).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect(handled).toEqual([]);
    const report = await alerts.handle(['7009607'], operation, { confirm: true });
    expect(report.counts.succeeded).toBe(1);
    expect(handled).toEqual([{ code: 'new_code', ids: ['7009607'] }]);
  });

  it('handle() runs a harmless code unconfirmed, whatever its flag says', async () => {
    const { alerts, handled } = service();
    const report = await alerts.handle(['7009607'], { ...Operations.ignore(), destructive: true });
    expect(report.counts.succeeded).toBe(1);
    expect(handled).toEqual([{ code: 'ignore', ids: ['7009607'] }]);
  });

  it('plans flag batches by their code, not by the operation they were built from', async () => {
    const { alerts, handled } = service();
    const plan = await alerts.plan([
      { alertId: '1', operation: UNCONFIRMED_KILL },
      { alertId: '2', operation: { ...Operations.ignore(), destructive: true } },
    ]);
    expect(plan.destructive).toBe(true);
    expect(plan.batches.map((batch) => [batch.operation.code, batch.operation.destructive])).toEqual([
      ['kill_and_quara', true],
      ['ignore', false],
    ]);
    expect(handled).toEqual([]);
  });

  it('formatPlan marks a destructive batch even when the plan says otherwise', async () => {
    const { alerts } = service();
    const plan = await alerts.plan([{ alertId: '1', operation: Operations.killAndQuarantine() }]);
    const edited = {
      ...plan,
      destructive: false,
      batches: plan.batches.map((batch) => ({
        ...batch,
        operation: { ...batch.operation, destructive: false },
      })),
    };
    const text = formatPlan(edited);
    expect(text).toMatch(/^Plan: 1 alert in 1 batch, 0 skipped \(destructive: review before executing\)/);
    expect(text).toContain('[kill_and_quara] (destructive)');
  });

  it('reports the plan, each batch and the execution as destructive by their code in audit events', async () => {
    const { alerts, audit } = service();
    await alerts.handle(['7009607'], UNCONFIRMED_KILL, { confirm: true });
    const flags = audit.map((event) =>
      event.kind === 'plan'
        ? ['plan', event.destructive, event.batches.map((batch) => batch.destructive)]
        : event.kind === 'request'
          ? ['request']
          : [event.kind, event.destructive],
    );
    expect(flags.filter(([kind]) => kind !== 'request')).toEqual([
      ['plan', true, [true]],
      ['batch', true],
      ['execute', true],
    ]);
  });
});
