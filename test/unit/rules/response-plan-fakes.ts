import { sealPlan } from '../../../src/alerts/plan-format.js';
import type { AlertHandler, HandleRequest, Plan } from '../../../src/index.js';

/** A handler whose `plan` batches the requests by code and remark without querying anything, and records them. */
export function fakeHandler(): { alerts: AlertHandler; requests: HandleRequest[][] } {
  const requests: HandleRequest[][] = [];
  const plan = async (given: readonly HandleRequest[]): Promise<Plan> => {
    requests.push([...given]);
    const groups = new Map<
      string,
      { operation: HandleRequest['operation']; alertIds: string[]; remark?: string }
    >();
    for (const request of given) {
      const key = `${request.operation.code}|${request.operation.params}|${request.remark}`;
      const group = groups.get(key) ?? { operation: request.operation, alertIds: [], remark: request.remark };
      group.alertIds.push(String(request.alertId));
      groups.set(key, group);
    }
    return sealPlan({ createdAt: '2026-01-15T00:00:00.000Z', batches: [...groups.values()], skipped: [] });
  };
  return { alerts: { plan } as unknown as AlertHandler, requests };
}
