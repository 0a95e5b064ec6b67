import { InvalidResponseError, ValidationError, type ValidationIssue } from '../errors.js';
import type { CheckResult } from '../validation/checks.js';

/** The checked request or response, or the matching typed error. */
export function validated<T>(
  parsed: CheckResult<T>,
  action: string,
  kind: 'request' | 'response',
  requestId?: string,
): T {
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const listed = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  if (kind === 'request') {
    throw new ValidationError(`Invalid ${action} request: ${listed}. Nothing was sent.`, { issues, action });
  }
  throw new InvalidResponseError(
    `${action} answered with a body this SDK does not recognize (${listed}). Report it with the request id.`,
    { code: 'InvalidResponse', action, requestId, issues },
  );
}

/** `['SuspEvents', 0, 'Level']` → `SuspEvents[0].Level`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
