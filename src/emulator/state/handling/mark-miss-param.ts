import { accept, type Checked, refuse } from '../checked.js';
import { illegalParam } from '../sas-errors.js';
import type { EmulatorWhitelistRule } from './whitelist-store.js';

const OPERATORS: ReadonlySet<string> = new Set([
  'strEqual',
  'strNotEqual',
  'contains',
  'notContains',
  'regex',
  'inIpSegment',
]);
const KEYS = ['uuid', 'field', 'operate', 'fieldValue'] as const;

/**
 * Reads `MarkMissParam`: a JSON array of `{ uuid, field, operate, fieldValue }`, all strings, with a
 * known operator. `undefined` when it was not sent; `400 IllegalParam` when it is anything else.
 */
export function readMarkMissParam(
  text: string | undefined,
): Checked<readonly EmulatorWhitelistRule[] | undefined> {
  if (text === undefined) return accept(undefined);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(illegalParam('MarkMissParam is not JSON.'));
  }
  if (!Array.isArray(value)) return refuse(illegalParam('MarkMissParam must be a JSON array.'));
  const rules: EmulatorWhitelistRule[] = [];
  for (const [index, item] of value.entries()) {
    const rule = toRule(item);
    if (rule === undefined) {
      return refuse(
        illegalParam(
          `MarkMissParam[${index}] must be {uuid, field, operate, fieldValue}, all strings, with a known operate.`,
        ),
      );
    }
    rules.push(rule);
  }
  return accept(rules);
}

function toRule(item: unknown): EmulatorWhitelistRule | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const fields = item as Record<string, unknown>;
  if (KEYS.some((key) => typeof fields[key] !== 'string' || fields[key] === '')) return undefined;
  const { uuid, field, operate, fieldValue } = fields as Record<(typeof KEYS)[number], string>;
  return OPERATORS.has(operate) ? { uuid, field, operate, fieldValue } : undefined;
}
