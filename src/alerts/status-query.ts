/**
 * One query of a handling task's status, within its deadline, and how its failure counts for a wait.
 *
 * @packageDocumentation
 */

import { InvalidParameterError, SdkError, TimeoutError } from '../errors.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
} from '../generated/index.js';
import { withDeadline } from '../util/deadline.js';
import { isCallerError } from './caller-errors.js';
import type { SasCalls } from './sas-calls.js';

/** The status query a wait makes; each query gets its deadline and a signal that fires when it is abandoned. */
export type StatusCalls = Pick<SasCalls, 'describeSecurityEventOperationStatus'>;

/** The API action a status query calls. */
export const STATUS_ACTION = 'DescribeSecurityEventOperationStatus';

/**
 * Whether a failed query counts as one attempt of a wait. Errors after which asking again cannot help
 * end a wait at once: those of the caller's own making ({@link isCallerError}) and a refused request
 * (the same query would meet it again). Every other failure of a query counts as one attempt.
 */
export function countsAsAttempt(error: unknown): error is SdkError {
  return error instanceof SdkError && !isCallerError(error) && !(error instanceof InvalidParameterError);
}

/**
 * One query within `deadlineMs`; rejects with a {@link TimeoutError} when it gets no answer in time.
 * The query's own signal fires when the caller aborts or the query is abandoned.
 */
export async function queryStatus(
  calls: StatusCalls,
  request: DescribeSecurityEventOperationStatusRequest,
  deadlineMs: number,
  signal: AbortSignal | undefined,
): Promise<DescribeSecurityEventOperationStatusResponse> {
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    return await withDeadline(
      calls.describeSecurityEventOperationStatus(request, {
        timeoutMs: deadlineMs,
        signal: controller.signal,
      }),
      deadlineMs,
      signal,
      () => {
        controller.abort();
        return new TimeoutError(
          `${STATUS_ACTION} got no answer within ${deadlineMs} ms. Retry, or raise \`requestTimeoutMs\`.`,
          {
            code: 'RequestTimeout',
            action: STATUS_ACTION,
            timeoutMs: deadlineMs,
            retryable: true,
          },
        );
      },
      STATUS_ACTION,
    );
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}
