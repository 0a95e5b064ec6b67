import { InvalidResponseError, ValidationError, type ValidationIssue } from '../errors.js';
import { type CheckResult, formatPath, type Issue } from '../validation/checks.js';

export { formatPath } from '../validation/checks.js';

/**
 * The checked request or response, or the matching typed error.
 *
 * `onNormalized` receives the normalizations made (a `null` read as absent, `"45"` read as the number
 * 45, a value outside a documented list that may grow, ...), paths formatted as in errors
 * (`SuspEvents[3].InternetIp`); it is called once, only when there are any. Items of a response's
 * lists that could not be read are not issues: they stay on the data (`rejectedItems(data)`).
 *
 * @throws {@link ValidationError} for a request with issues (nothing is sent)
 * @throws {@link InvalidResponseError} for a response with issues
 */
export function validated<T>(
  parsed: CheckResult<T>,
  action: string,
  kind: 'request' | 'response',
  requestId?: string,
  onNormalized?: (notes: readonly ValidationIssue[]) => void,
): T {
  if (parsed.success) {
    if (onNormalized !== undefined && parsed.notes.length > 0)
      onNormalized(parsed.notes.map(toValidationIssue));
    return parsed.data;
  }
  const issues: ValidationIssue[] = parsed.issues.map(toValidationIssue);
  const listed = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  if (kind === 'request') {
    throw new ValidationError(`Invalid ${action} request: ${listed}. Nothing was sent.`, { issues, action });
  }
  throw new InvalidResponseError(
    `${action} answered with a body this SDK does not recognize (${listed}). Report it with the request id.`,
    { code: 'InvalidResponse', action, requestId, issues },
  );
}

function toValidationIssue(issue: Issue): ValidationIssue {
  return { path: formatPath(issue.path), message: issue.message };
}
