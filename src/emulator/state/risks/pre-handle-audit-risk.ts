import type { EmulatorHandler } from '../../http/handler.js';
import { accept, type Checked, refuse } from '../checked.js';
import { invalidParameter, missingParameter } from '../param-errors.js';
import { isDigits, type WireParams } from '../wire-params.js';
import type { RiskHandling, RiskStore } from './risk-store.js';

const HANDLE_TYPES: ReadonlySet<string> = new Set(['Manual']);

/**
 * `PreHandleAuditRisk` over the model: records the handlings of `HandleInfoList.N` (`HandleType`
 * `Manual`, `HandleContent` a JSON object with a numeric `HandleMethod` and a `HandleDetail` string),
 * marks the risk `PROCESSED` and answers `{ Success: true }`. A missing `RiskId` or handling field is
 * `400 MissingParameter`; a non-numeric or unknown `RiskId`, another `HandleType` or a `HandleContent`
 * that is not such JSON, `400 InvalidParameter`.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ state: { risks: sampleRisks(3) } });
 * // after PreHandleAuditRisk: emulator.state.risk(id)?.record.HandleStatus === 'PROCESSED'
 * ```
 */
export function preHandleAuditRisk(risks: RiskStore, now: () => number): EmulatorHandler {
  return ({ params }) => {
    const riskId = params.RiskId ?? '';
    if (riskId === '') return missingParameter('RiskId');
    if (!isDigits(riskId) || risks.get(Number(riskId)) === undefined) return invalidParameter('RiskId');
    const time = now();
    const handlings = readHandlings(params, time);
    if (!handlings.ok) return handlings.reply;
    risks.handle(Number(riskId), handlings.value, time);
    return { status: 200, body: { Success: true } };
  };
}

function readHandlings(params: WireParams, time: number): Checked<RiskHandling[]> {
  const handlings: RiskHandling[] = [];
  for (let index = 1; index === 1 || params[`HandleInfoList.${index}.HandleType`] !== undefined; index++) {
    const handling = readHandling(params, `HandleInfoList.${index}`, time);
    if (!handling.ok) return handling;
    handlings.push(handling.value);
  }
  return accept(handlings);
}

function readHandling(params: WireParams, prefix: string, time: number): Checked<RiskHandling> {
  const handleType = params[`${prefix}.HandleType`] ?? '';
  const text = params[`${prefix}.HandleContent`] ?? '';
  if (handleType === '') return refuse(missingParameter(`${prefix}.HandleType`));
  if (!HANDLE_TYPES.has(handleType)) return refuse(invalidParameter(`${prefix}.HandleType`));
  if (text === '') return refuse(missingParameter(`${prefix}.HandleContent`));
  const content = parseObject(text);
  const { HandleMethod: handleMethod, HandleDetail: handleDetail } = content ?? {};
  if (typeof handleMethod !== 'number' || typeof handleDetail !== 'string' || handleDetail === '') {
    return refuse(invalidParameter(`${prefix}.HandleContent`));
  }
  return accept({ handleType, handleMethod, handleDetail, time });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
