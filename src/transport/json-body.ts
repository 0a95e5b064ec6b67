/**
 * Reads a JSON answer: fast with the engine's own parser, exact for integers beyond ±2^53 (they become
 * decimal strings, e.g. a `SourceAliUid` of `"1234567890123456789"`), and bounded in nesting so that no
 * answer can exhaust the stack of the code that walks it.
 *
 * @packageDocumentation
 */

/**
 * Deepest nesting of arrays and objects read. The service's answers nest five levels or so; 64 leaves
 * room and keeps every recursive walk of a body (validation, a logger, `JSON.stringify`) far from the
 * stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

/** The body nests deeper than {@link MAX_JSON_DEPTH}. */
export class JsonTooDeep extends Error {
  override name = 'JsonTooDeep';
  constructor() {
    super(`The JSON text nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}

/**
 * Parses JSON `text`: numbers are numbers, except integers outside the safe range (±2^53 − 1) written as
 * integers, which are returned as their exact decimal text (`1234567890123456789` → `"1234567890123456789"`).
 *
 * The engine's `JSON.parse` reads the text first (it does not recurse, so nesting cannot overflow it);
 * the result is then walked once, at most {@link MAX_JSON_DEPTH} deep. Only when that walk meets an
 * unsafe integer is the text read again, by `lossless-json`, which keeps each number's digits.
 *
 * @throws SyntaxError when the text is not JSON
 * @throws {@link JsonTooDeep} when it nests deeper than {@link MAX_JSON_DEPTH}
 */
export async function parseJson(text: string): Promise<unknown> {
  const value: unknown = JSON.parse(text);
  if (!hasUnsafeInteger(value, 1)) return value;
  const { parse, isInteger, isSafeNumber } = await import('lossless-json');
  return parse(text, null, {
    parseNumber: (digits) => (isInteger(digits) && !isSafeNumber(digits) ? digits : Number(digits)),
    // As `JSON.parse` does: the last of two equal keys wins.
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/**
 * Whether `value` (an array or object at nesting level `depth`) holds an integer-valued number outside
 * the safe range; throws {@link JsonTooDeep} past the depth limit. Recursive, never deeper than the limit.
 */
function hasUnsafeInteger(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return isUnsafeInteger(value);
  if (depth > MAX_JSON_DEPTH) throw new JsonTooDeep();
  let found = false;
  const members: readonly unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (const member of members) {
    if (typeof member === 'object' && member !== null) {
      if (hasUnsafeInteger(member, depth + 1)) found = true;
    } else if (isUnsafeInteger(member)) {
      found = true;
    }
  }
  return found;
}

function isUnsafeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}
