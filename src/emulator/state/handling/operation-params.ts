import { accept, type Checked, refuse } from '../checked.js';
import { illegalParam } from '../sas-errors.js';

const SUB_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  kill_and_quara: ['killAndQuaraFileByMd5andPath', 'killByMd5andPath', 'killAndQuaraFileByPidAndMd5andPath'],
  virus_quara: ['quaraFileByMd5andPath'],
  virus_quara_bin: ['quaraFileByMd5andPath'],
};

/**
 * Reads `OperationParams` for an operation: absent or empty means `{}`; otherwise it must be a JSON
 * object. `block_ip` needs an `expireTime` (epoch milliseconds) after `now`; `kill_and_quara`,
 * `virus_quara` and `virus_quara_bin` need one of their `subOperation`s. Anything else is
 * `400 IllegalParam`.
 */
export function readOperationParams(
  operationCode: string,
  text: string | undefined,
  now: number,
): Checked<Record<string, unknown>> {
  if (text === undefined || text === '') return checkFor(operationCode, {}, now);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(illegalParam('OperationParams is not JSON.'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(illegalParam('OperationParams must be a JSON object.'));
  }
  return checkFor(operationCode, value as Record<string, unknown>, now);
}

function checkFor(
  operationCode: string,
  params: Record<string, unknown>,
  now: number,
): Checked<Record<string, unknown>> {
  if (operationCode === 'block_ip') {
    const { expireTime } = params;
    if (typeof expireTime !== 'number' || !Number.isInteger(expireTime) || expireTime <= now) {
      return refuse(illegalParam('block_ip needs an expireTime in epoch milliseconds in the future.'));
    }
  }
  const allowed = SUB_OPERATIONS[operationCode];
  if (allowed !== undefined && !allowed.includes(String(params.subOperation))) {
    return refuse(illegalParam(`${operationCode} needs a subOperation among ${allowed.join(', ')}.`));
  }
  return accept(params);
}
