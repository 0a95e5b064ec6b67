import { z } from 'zod';
import { FaultOptionsSchema } from '../faults/fault-schema.js';
import { HANDLE_OPERATION_CODES } from '../state/handling/operation-effects.js';
import { referenceIssues } from './references.js';

const seed = z.union([z.string(), z.number()], { error: 'expected a string or a number' });
const text = z.string().min(1);
const alertId = z.number().int().positive();
const operationCode = z.string().refine((code) => HANDLE_OPERATION_CODES.has(code), {
  error: (issue) => `unknown operation code ${JSON.stringify(issue.input)}`,
});

/** `{ "sample": 45, "seed": "demo" }`: generated records; the seed defaults to the scenario's. */
const SampleSchema = z.strictObject({
  sample: z.number().int().min(0).max(10_000),
  seed: seed.optional(),
});

/** An alert event as `DescribeSuspEvents` returns it; fields beyond these are served as given. */
const SuspEventRecordSchema = z.looseObject({
  Id: alertId,
  Level: z.enum(['serious', 'suspicious', 'remind']),
  EventStatus: z.literal([1, 2, 4, 8, 16, 32, 64]),
  AlarmEventNameDisplay: z.string().optional(),
  AlarmEventType: z.string().optional(),
  InternetIp: z.string().optional(),
  IntranetIp: z.string().optional(),
  Uuid: text.optional(),
  LastTime: z.string().optional(),
});

/** A risk event as `DescribeRiskRules` returns it; fields beyond these are served as given. */
const RiskRecordSchema = z.looseObject({
  RiskId: z.number().int().positive(),
  HandleStatus: z.enum(['UNPROCESSED', 'PROCESSED']).optional(),
  RuleId: z.number().int().optional(),
  RuleName: z.string().optional(),
  RuleCategoryName: z.string().optional(),
  WarnLevel: z.number().int().optional(),
  WarnLevelName: z.string().optional(),
  ProductCode: z.string().optional(),
  AlarmCount: z.number().int().optional(),
  InstanceCount: z.number().int().optional(),
  FirstAlarmTime: z.number().int().optional(),
  LastAlarmTime: z.number().int().optional(),
  HandleMarkTime: z.number().int().optional(),
});

const AlertOperationSchema = z.union(
  [operationCode, z.strictObject({ code: operationCode, userCanOperate: z.boolean().optional() })],
  { error: 'expected an operation code or { "code": ..., "userCanOperate": ... }' },
);

const WhitelistRuleSchema = z.strictObject({ uuid: text, field: text, operate: text, fieldValue: text });

/**
 * A seeded scenario of the emulator's model in one JSON document, validated field by field and then
 * for consistency: unique IDs, and every alert ID, host and alert type named refers to an alert of
 * the scenario.
 *
 * - `alerts`: `{ "sample": 45, "seed"?: ... }` for `sampleAlerts(45, seed)`, or alert records with
 *   wire field names (`Id`, `Level`, `EventStatus`, `AlarmEventType`, `Uuid`, `Details`, ...);
 * - `hosts`: `[{ "uuid", "online" }]`; `offlineAlerts`: alert IDs whose hosts are offline (shorthand);
 * - `goneProcesses`: alert IDs whose process has exited; `deniedOperations`: codes the edition refuses;
 * - `operations`: an alert's operations by `Id`, each a code or `{ "code", "userCanOperate" }`;
 * - `whitelistRules`: rules in place by alert type, `[{ "uuid", "field", "operate", "fieldValue" }]`;
 * - `taskPolls`, `neverFinish: { "alertIds", "operations" }`: how handling tasks finish;
 * - `risks`: `{ "sample": 12 }` or risk records; `riskResponseShape`: `flat` or `wrapped`;
 * - `faults`: fault rules, `[{ "action", "rate", "kinds" }]` or `[{ "action", "queue" }]` (see `FaultOptions`);
 * - `seed`: the RequestIds, task IDs, fault draws and, unless they name their own, the samples.
 *
 * @example
 * ```json
 * {
 *   "description": "Ten alerts, the first one's host offline",
 *   "seed": "demo",
 *   "alerts": { "sample": 10 },
 *   "offlineAlerts": [7009610],
 *   "neverFinish": { "alertIds": [7009609] },
 *   "risks": { "sample": 5 }
 * }
 * ```
 */
export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    seed: seed.optional(),
    alerts: z.union([SampleSchema, z.array(SuspEventRecordSchema)], {
      error: 'expected { "sample": <count> } or an array of alert records',
    }),
    hosts: z.array(z.strictObject({ uuid: text, online: z.boolean() })).optional(),
    offlineAlerts: z.array(alertId).optional(),
    goneProcesses: z.array(alertId).optional(),
    deniedOperations: z.array(operationCode).optional(),
    operations: z.record(z.string(), z.array(AlertOperationSchema)).optional(),
    whitelistRules: z.record(z.string(), z.array(WhitelistRuleSchema)).optional(),
    taskPolls: z.number().int().min(0).optional(),
    neverFinish: z
      .strictObject({ alertIds: z.array(alertId).optional(), operations: z.array(operationCode).optional() })
      .optional(),
    risks: z
      .union([SampleSchema, z.array(RiskRecordSchema)], {
        error: 'expected { "sample": <count> } or an array of risk records',
      })
      .optional(),
    riskResponseShape: z.enum(['flat', 'wrapped']).optional(),
    faults: FaultOptionsSchema.optional(),
  })
  .check((context) => {
    for (const issue of referenceIssues(context.value)) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: [...issue.path],
        message: issue.message,
      });
    }
  });

/** A validated scenario, as written in its file. */
export type Scenario = z.infer<typeof ScenarioSchema>;
