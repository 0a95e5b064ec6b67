/** The first field of each action's answer after `RequestId`, opened and never closed. */
const OPENINGS: Readonly<Record<string, string>> = {
  DescribeSuspEvents: '"SuspEvents":[',
  DescribeSecurityEventOperations: '"SecurityEventOperationsResponse":[',
  HandleSecurityEvents: '"HandleSecurityEventsResponse":{',
  DescribeSecurityEventOperationStatus: '"SecurityEventOperationStatusResponse":{',
  DescribeRiskRules: '"Items":[',
  PreHandleAuditRisk: '"Success":',
};

/**
 * An answer body cut short, as a connection that broke mid-body leaves it:
 * `{"RequestId":"…","SuspEvents":[`. It is not JSON.
 */
export function truncatedJson(action: string, requestId: string): string {
  return `{"RequestId":${JSON.stringify(requestId)},${OPENINGS[action] ?? ''}`;
}
