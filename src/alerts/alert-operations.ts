import type { CallOptions } from '../transport/options.js';
import { type OperationCode, operationDisplayName } from './operation-codes.js';
import type { SasCalls } from './sas-calls.js';
import {
  mergeWhitelistRules,
  ruleFromMarkField,
  type WhitelistField,
  type WhitelistRule,
  whitelistFieldFromSource,
} from './whitelist.js';

/** One handling operation an alert offers. */
export interface AlertOperation {
  /** Operation code, e.g. `block_ip`. */
  readonly code: OperationCode;
  /** Human-readable name, e.g. `Block IP`. */
  readonly displayName: string;
  /** Whether your Security Center edition allows it (`UserCanOperate`). Only these can be executed. */
  readonly userCanOperate: boolean;
  /** The service's pre-filled `OperationParams`, when it gave one. */
  readonly defaultParams: string | undefined;
}

/** What one alert allows: its operations, its existing whitelist rules and its whitelistable fields. */
export interface AlertOperations {
  /** The alert queried. */
  readonly alertId: string;
  /** Every operation the alert offers, allowed or not. */
  readonly operations: readonly AlertOperation[];
  /**
   * Whitelist rules already in place for this kind of alert (`MarkField`). A whitelist request replaces
   * them wholesale, so they are always sent again merged with new ones.
   */
  readonly whitelistRules: readonly WhitelistRule[];
  /** Fields new whitelist rules can use (`MarkFieldsSource`). */
  readonly whitelistFields: readonly WhitelistField[];
  /** RequestId of the query. */
  readonly requestId: string | undefined;
}

/**
 * Queries the operations of one alert. Each alert is queried on its own: one alert's answer says
 * nothing about another's.
 *
 * @throws {@link SecurityEventNotExistsError} when the alert does not exist or is not visible
 *
 * @example
 * ```ts
 * const ops = await getAlertOperations(sas, '7009607', 'en');
 * const allowed = ops.operations.filter((op) => op.userCanOperate).map((op) => op.code);
 * ```
 */
export async function getAlertOperations(
  calls: Pick<SasCalls, 'describeSecurityEventOperations'>,
  alertId: string,
  lang: 'zh' | 'en' | undefined,
  options?: CallOptions,
): Promise<AlertOperations> {
  const response = await calls.describeSecurityEventOperations(
    { SecurityEventId: Number(alertId), Lang: lang },
    options,
  );
  const entries = response.SecurityEventOperationsResponse ?? [];
  const fields = new Map<string, WhitelistField>();
  for (const source of entries.flatMap((entry) => entry.MarkFieldsSource ?? [])) {
    const field = whitelistFieldFromSource(source);
    if (field !== undefined && !fields.has(field.field)) fields.set(field.field, field);
  }
  return {
    alertId,
    operations: entries
      .filter((entry) => entry.OperationCode !== undefined)
      .map((entry) => ({
        code: entry.OperationCode as OperationCode,
        displayName: operationDisplayName(entry.OperationCode as OperationCode),
        userCanOperate: entry.UserCanOperate === true,
        defaultParams: entry.OperationParams,
      })),
    whitelistRules: mergeWhitelistRules(
      entries.flatMap((entry) => entry.MarkField ?? []).map(ruleFromMarkField),
      [],
    ),
    whitelistFields: [...fields.values()],
    requestId: response.RequestId,
  };
}
