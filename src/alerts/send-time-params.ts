/**
 * `OperationParams` resolved at send time. A block built with a duration lasts that long from when its
 * batch is sent, not from when it was built or planned: a plan approved an hour before it runs still
 * blocks for the whole duration.
 *
 * @packageDocumentation
 */
import type { PlannedOperation } from './plan-format.js';

/**
 * The exact `OperationParams` to send now for an operation: for a `block_ip` with `expireAfterMs`,
 * `{"expireTime":<nowMs + expireAfterMs>}`; otherwise `params` as it is (an absolute `expireTime`
 * included).
 *
 * @param operation - A planned operation (already verified, as `parsePlan` does) or one built with
 * `Operations`.
 * @param nowMs - The send time, in epoch milliseconds (`Date.now()`).
 *
 * @example
 * ```ts
 * const block = Operations.blockIp({ duration: '7d' });
 * paramsAtSendTime(block, Date.parse('2026-01-15T08:00:00Z')); // '{"expireTime":1769068800000}'
 * paramsAtSendTime(Operations.ignore(), Date.now()); // '{}'
 * ```
 */
export function paramsAtSendTime(
  operation: Pick<PlannedOperation, 'code' | 'params' | 'expireAfterMs'>,
  nowMs: number,
): string {
  return operation.code === 'block_ip' && operation.expireAfterMs !== undefined
    ? JSON.stringify({ expireTime: nowMs + operation.expireAfterMs })
    : operation.params;
}
