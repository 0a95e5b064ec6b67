import { z } from 'zod';
import { FaultOptionsSchema } from '../faults/fault-schema.js';
import { HANDLE_OPERATION_CODES } from '../state/handling/operation-effects.js';

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

/** A time in a scenario: ISO 8601 with its offset, e.g. `2026-01-01T00:00:00+08:00`. */
const isoTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time with its offset' });

/** `{ "sample": 200, "from": ..., "to": ... }`: `sampleHistory(200, seed, { from, to })`. */
const HistorySampleSchema = z.strictObject({
  sample: z.number().int().min(0).max(10_000),
  seed: seed.optional(),
  from: isoTime,
  to: isoTime,
  operators: z.array(text).min(1).optional(),
});

/** An alert handled in the past, and how: see `EmulatorPastHandling`. */
const PastHandlingSchema = z.strictObject({
  alert: SuspEventRecordSchema,
  operationCode,
  operator: text,
  operateTime: z.number().int().min(0),
  eventStatus: z.literal([2, 4, 8, 32, 64, 128, 512, 513]).optional(),
  remark: z.string().optional(),
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

/** How the listings page: see `EmulatorPaging`. */
const PagingSchema = z.strictObject({
  totalCount: z
    .union(
      [z.number().int().min(0), z.literal('omit', { error: 'expected a non-negative integer or "omit"' })],
      {
        error: 'expected a non-negative integer or "omit"',
      },
    )
    .optional(),
  beyondEnd: z.enum(['empty', 'repeatLast', 'cycle']).optional(),
  maxPageSize: z.number().int().min(1).optional(),
});

/**
 * A scenario checked field by field, before the consistency checks of `ScenarioSchema`: what the
 * reference checks read.
 */
export const ScenarioFieldsSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  seed: seed.optional(),
  alerts: z.union([SampleSchema, z.array(SuspEventRecordSchema)], {
    error: 'expected { "sample": <count> } or an array of alert records',
  }),
  history: z
    .union([HistorySampleSchema, z.array(PastHandlingSchema)], {
      error: 'expected { "sample": <count>, "from": <time>, "to": <time> } or an array of past handlings',
    })
    .optional(),
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
  paging: PagingSchema.optional(),
  faults: FaultOptionsSchema.optional(),
});

/** A scenario whose fields are valid, whether or not they are consistent. */
export type ScenarioFields = z.infer<typeof ScenarioFieldsSchema>;
