/**
 * Whitelist rules resolved at send time. `HandleSecurityEvents` replaces an alert type's whitelist
 * rules wholesale with its `MarkMissParam`, so the list a plan read at planning time must not be sent
 * as it is: a rule added meanwhile (by another plan, or in the console) would be dropped.
 *
 * @packageDocumentation
 */
import { getAlertOperations } from './alert-operations.js';
import type { SasCalls } from './sas-calls.js';
import { mergeWhitelistRules, serializeWhitelistRules, type WhitelistRule } from './whitelist.js';

/**
 * The `MarkMissParam` to send now for a whitelist batch: the rules the service holds for the alert's
 * type at this moment, then the plan's rules (those it read at planning time and its additions) that are
 * not among them. Reads one alert's operations; the batch's alerts share the type, so one is enough.
 * `hosts`, the machines of the batch's alerts, lets a `part` rule already bound to each count as present.
 *
 * @param planned - The batch's planned `MarkMissParam`, already verified as a JSON array of rules.
 * @throws what the operations query throws (nothing is sent then)
 *
 * @example
 * ```ts
 * const markMissParam = await markMissParamAtSendTime(sas, 'en', '7009586', plan.batches[0]?.operation.markMissParam ?? '[]', signal);
 * ```
 */
export async function markMissParamAtSendTime(
  calls: Pick<SasCalls, 'describeSecurityEventOperations'>,
  lang: 'zh' | 'en' | undefined,
  alertId: string,
  planned: string,
  signal: AbortSignal | undefined,
  hosts: readonly string[] = [],
): Promise<string> {
  const current = await getAlertOperations(calls, alertId, lang, { signal });
  const plannedRules = JSON.parse(planned) as WhitelistRule[];
  return serializeWhitelistRules(mergeWhitelistRules(current.whitelistRules, plannedRules, { hosts }));
}
