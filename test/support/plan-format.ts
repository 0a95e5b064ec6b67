/**
 * Plans for tests of the plan format: a planner whose operation queries answer at once, arbitrary
 * requests and plan options, and readers of what `parsePlan` refuses.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/alerts/plan.js';
import type { SasCalls } from '../../src/alerts/sas-calls.js';
import { type Operation, Operations, type Plan, parsePlan, ValidationError } from '../../src/index.js';
import { caught } from './caught.js';

const CODES = ['block_ip', 'kill_and_quara', 'virus_quara', 'ignore', 'advance_mark_mis_info'];
const EXISTING_RULE = { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'admin' };

/** Operation queries answered at once: every code offered, allowed unless the alert ID ends in 9. */
const QUERIES: Pick<SasCalls, 'describeSecurityEventOperations'> = {
  describeSecurityEventOperations: async (request) => ({
    RequestId: 'R',
    SecurityEventOperationsResponse: CODES.map((code) => ({
      OperationCode: code,
      UserCanOperate: !String(request.SecurityEventId).endsWith('9'),
      OperationParams: '{}',
      ...(code === 'advance_mark_mis_info' && {
        MarkField: [
          {
            Uuid: EXISTING_RULE.uuid,
            FiledName: EXISTING_RULE.field,
            MarkMisType: EXISTING_RULE.operate,
            MarkMisValue: EXISTING_RULE.fieldValue,
          },
        ],
        MarkFieldsSource: [{ FiledName: 'loginUser', SupportedMisType: ['strEqual'] }],
      }),
    })),
  }),
};

/** The time the arbitrary `block_ip` operations count their durations from. */
export const NOW = Date.UTC(2026, 0, 15, 8);
/** An arbitrary operation, one that planning refuses (`client_problem_check`) included. */
export const operation = fc.oneof(
  fc.constant(Operations.ignore()),
  fc.constant(Operations.quarantineFile()),
  fc.boolean().map((quarantine) => Operations.killAndQuarantine({ quarantine })),
  fc
    .constantFrom('6h', '1d', '7d', '30d' as const)
    .map((duration) => Operations.blockIp({ duration, now: () => NOW })),
  fc
    .constantFrom('root', 'deploy', 'admin')
    .map((value) =>
      Operations.whitelist({ rules: [{ field: 'loginUser', operate: 'strEqual', value }], scope: 'ALL' }),
    ),
  fc.constant({ ...Operations.ignore(), code: 'client_problem_check' }),
);
/** Arbitrary requests: 1 to 60 alerts, each with its operation. */
export const requests = fc.uniqueArray(
  fc.record({ alertId: fc.integer({ min: 1, max: 99_999_999 }).map(String), operation }),
  { minLength: 1, maxLength: 60, selector: (request) => request.alertId },
);
/** Arbitrary plan options: a batch size, and maybe a time to live. */
export const planOptions = fc.record(
  { batchSize: fc.integer({ min: 1, max: 100 }), ttlMs: fc.integer({ min: 1, max: 86_400_000 }) },
  { requiredKeys: ['batchSize'] },
);
/** A plan of the requests, made by the planner against the scripted operation queries. */
export async function planOf(made: { alertId: string; operation: Operation }[], options = {}): Promise<Plan> {
  return buildPlan(QUERIES, made, options);
}

/** The problem paths `parsePlan` reports for `value`; `[]` when it accepts it. */
export function issuePaths(value: unknown): string[] {
  const error = caught(() => {
    parsePlan(value);
    throw new Error('accepted');
  });
  if (!(error instanceof ValidationError)) return [];
  return error.issues.map((issue) => issue.path);
}

/** A copy of a plan, as JSON data, for tampering. */
export function editable(plan: Plan): { [key: string]: unknown; batches: { [key: string]: unknown }[] } {
  return JSON.parse(JSON.stringify(plan));
}
