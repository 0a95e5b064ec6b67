/**
 * The JSON reader of the transport: what `JSON.parse` reads, except integers beyond ±2^53, which keep
 * their digits as strings; nesting bounded with a typed error, never a stack overflow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonTooDeep, MAX_JSON_DEPTH, parseJson } from '../../../src/transport/json-body.js';

/** `value` as the reader returns it once written as JSON: unsafe integers as their digits. */
function asRead(value: unknown): unknown {
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    return Number.isInteger(value) && !Number.isSafeInteger(value) && /^-?\d+$/.test(text) ? text : value;
  }
  if (Array.isArray(value)) return value.map(asRead);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, asRead(member)]));
  }
  return value;
}

const nested = (depth: number, open: string, close: string, inner = '') =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe('parseJson', () => {
  it('reads any JSON as JSON.parse does, unsafe integers as their exact digits', async () => {
    const unsafe = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => ({ big: n }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 6 }), unsafe), async (value) => {
        const text =
          typeof value === 'object' && value !== null && 'big' in value && typeof value.big === 'bigint'
            ? `{"big":${value.big}}`
            : JSON.stringify(value);
        const expected =
          typeof value === 'object' && value !== null && 'big' in value && typeof value.big === 'bigint'
            ? { big: Number.isSafeInteger(Number(value.big)) ? Number(value.big) : String(value.big) }
            : asRead(JSON.parse(text));
        expect(await parseJson(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a SourceAliUid above 2^53 exact, and leaves safe and non-integer numbers as numbers', async () => {
    const text =
      '{"SourceAliUid":1234567890123456789,"Ids":[9007199254740991,9007199254740992,-9007199254740993],' +
      '"Float":12345678901234567890.5,"Exp":1e21,"Text":"1234567890123456789","Zero":-0}';
    const read = (await parseJson(text)) as Record<string, unknown>;
    expect(read).toEqual({
      SourceAliUid: '1234567890123456789',
      Ids: [9007199254740991, '9007199254740992', '-9007199254740993'],
      Float: Number('12345678901234567890.5'),
      Exp: 1e21,
      Text: '1234567890123456789',
      Zero: -0,
    });
  });

  it('reads keys as JSON.parse does when it reads again: the last duplicate wins, __proto__ is a key', async () => {
    const read = (await parseJson(
      '{"a":1,"a":2,"__proto__":{"polluted":true},"n":12345678901234567890}',
    )) as Record<string, unknown>;
    expect(read.a).toBe(2);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(read.n).toBe('12345678901234567890');
  });

  it(`reads ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, async () => {
    await expect(parseJson(nested(MAX_JSON_DEPTH, '[', ']'))).resolves.toBeDefined();
    await expect(parseJson(nested(MAX_JSON_DEPTH + 1, '[', ']'))).rejects.toBeInstanceOf(JsonTooDeep);
    await expect(parseJson(nested(MAX_JSON_DEPTH, '{"a":', '}', '1'))).resolves.toBeDefined();
    await expect(parseJson(nested(MAX_JSON_DEPTH + 1, '{"a":', '}', '1'))).rejects.toBeInstanceOf(
      JsonTooDeep,
    );
  });

  it('refuses 100,000 levels with a typed error, whatever holds the nesting', async () => {
    for (const text of [
      nested(100_000, '[', ']'),
      nested(100_000, '{"a":', '}', '1'),
      `{"big":12345678901234567890,"deep":${nested(100_000, '[', ']')}}`,
    ]) {
      await expect(parseJson(text)).rejects.toBeInstanceOf(JsonTooDeep);
    }
  });

  it('throws a SyntaxError for text that is not JSON', async () => {
    for (const text of ['', '<html>502</html>', '{"a":', '{"a":1}x', '[1,]']) {
      await expect(parseJson(text)).rejects.toBeInstanceOf(SyntaxError);
    }
  });
});
