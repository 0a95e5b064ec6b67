/** The field of each action's answer that carries its payload. */
const PAYLOAD_FIELDS: Readonly<Record<string, string>> = {
  DescribeSuspEvents: 'SuspEvents',
  DescribeSecurityEventOperations: 'SecurityEventOperationsResponse',
  HandleSecurityEvents: 'HandleSecurityEventsResponse',
  DescribeSecurityEventOperationStatus: 'SecurityEventOperationStatusResponse',
  DescribeRiskRules: 'Items',
  PreHandleAuditRisk: 'Success',
};

/**
 * An answer whose payload field is nested `depth` arrays deep, valid JSON:
 * `{"RequestId":"…","SuspEvents":[[[…]]]}`.
 */
export function nestedJson(action: string, requestId: string, depth: number): string {
  const field = PAYLOAD_FIELDS[action] ?? 'Data';
  return `{"RequestId":${JSON.stringify(requestId)},${JSON.stringify(field)}:${'['.repeat(depth)}${']'.repeat(depth)}}`;
}
