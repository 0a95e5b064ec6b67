import type { z } from 'zod';
import { referenceIssues } from './references.js';
import { ScenarioFieldsSchema } from './scenario-fields.js';

/**
 * A seeded scenario of the emulator's model in one JSON document, validated field by field and then
 * for consistency: unique IDs, and every alert ID, host and alert type named refers to an alert of
 * the scenario.
 *
 * - `alerts`: `{ "sample": 45, "seed"?: ... }` for `sampleAlerts(45, seed)`, or alert records with
 *   wire field names (`Id`, `Level`, `EventStatus`, `AlarmEventType`, `Uuid`, `Details`, ...);
 * - `history`: alerts handled in the past, `{ "sample": 200, "from": "2026-01-01T00:00:00+08:00", "to": ... }`
 *   for `sampleHistory` (`seed` and `operators` optional), or `[{ "alert", "operationCode", "operator",
 *   "operateTime", "eventStatus"?, "remark"? }]` (see `EmulatorPastHandling`);
 * - `hosts`: `[{ "uuid", "online" }]`; `offlineAlerts`: alert IDs whose hosts are offline (shorthand);
 * - `goneProcesses`: alert IDs whose process has exited; `deniedOperations`: codes the edition refuses;
 * - `operations`: an alert's operations by `Id`, each a code or `{ "code", "userCanOperate" }`;
 * - `whitelistRules`: rules in place by alert type, `[{ "uuid", "field", "operate", "fieldValue" }]`;
 * - `taskPolls`, `neverFinish: { "alertIds", "operations" }`: how handling tasks finish;
 * - `risks`: `{ "sample": 12 }` or risk records; `riskResponseShape`: `flat` or `wrapped`;
 * - `paging`: `{ "totalCount": 1000 | "omit", "beyondEnd": "empty" | "repeatLast" | "cycle", "maxPageSize": 10 }`,
 *   listings that page badly (see `EmulatorPaging`);
 * - `faults`: fault rules, `[{ "action", "rate", "kinds" }]` or `[{ "action", "queue" }]` (see `FaultOptions`),
 *   response variants included: `[{ "action": "DescribeSuspEvents", "queue": ["nulls"], "fields": ["SuspEvents[0].InternetIp"] }]`;
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
export const ScenarioSchema = ScenarioFieldsSchema.check((context) => {
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
