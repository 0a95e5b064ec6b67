/**
 * Which execution of this process handles which alert: two executions in one process never send a
 * handling call for one alert at the same time, with or without a journal. Across processes, the
 * journal's leases do the same.
 *
 * @packageDocumentation
 */

/** Scope and alert ID ({@link claimKey}) → the execution of this process that has claimed it. */
const claims = new Map<string, string>();

/** An alert's key among the claims: its ID, within its scope (the account) when there is one. */
function claimKey(alertId: string, scope: string | undefined): string {
  return scope === undefined ? alertId : `${scope}/${alertId}`;
}

/**
 * Claims `alertIds` for `executionId` in this process: those free (or already its own) are claimed, the
 * others are returned with the execution holding them. With a `scope` (the account the alerts belong
 * to), only claims of the same scope hold an alert back.
 *
 * @example
 * ```ts
 * const { claimed, heldBy } = claimInProcess('exec-20261201-081010-3fa9c2d1', ['7009607', '7009586']);
 * ```
 */
export function claimInProcess(
  executionId: string,
  alertIds: readonly string[],
  scope?: string,
): { claimed: string[]; heldBy: Map<string, string> } {
  const claimed: string[] = [];
  const heldBy = new Map<string, string>();
  for (const alertId of alertIds) {
    const key = claimKey(alertId, scope);
    const holder = claims.get(key);
    if (holder === undefined || holder === executionId) {
      claims.set(key, executionId);
      claimed.push(alertId);
    } else {
      heldBy.set(alertId, holder);
    }
  }
  return { claimed, heldBy };
}

/**
 * Releases the claims `executionId` holds on `alertIds` (in `scope`); claims of other executions stay.
 *
 * @example
 * ```ts
 * releaseInProcess('exec-20261201-081010-3fa9c2d1', ['7009607']);
 * ```
 */
export function releaseInProcess(executionId: string, alertIds: readonly string[], scope?: string): void {
  for (const alertId of alertIds) {
    const key = claimKey(alertId, scope);
    if (claims.get(key) === executionId) claims.delete(key);
  }
}
