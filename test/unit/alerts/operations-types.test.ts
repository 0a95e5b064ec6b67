/**
 * `Operations.fromCode` is typed per code: a call whose input does not fit its code does not compile
 * (`npx tsc --noEmit` checks each `@ts-expect-error` below: it fails when the line compiles), and
 * throws a `ValidationError` when JavaScript makes it anyway. A code known only at run time is narrowed
 * first (`isKnownOperationCode`, then a switch); a code this package does not know is built with
 * `Operations.unknownCode`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  isKnownOperationCode,
  type KnownOperationCode,
  type Operation,
  type OperationCode,
  Operations,
  ValidationError,
} from '../../../src/index.js';
import { caught } from '../../support/caught.js';

const WHITELIST = { rules: [{ field: 'f', operate: 'strEqual', value: 'v' }], scope: 'ALL' } as const;

/** The field of the ValidationError `fn` throws. */
function invalidField(fn: () => unknown): string | undefined {
  const error = caught(fn);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).field;
}

describe('Operations.fromCode types', () => {
  it('does not compile, and throws, when the input does not fit the code', () => {
    // @ts-expect-error block_ip takes BlockIpOptions, not KillAndQuarantineOptions
    expect(invalidField(() => Operations.fromCode('block_ip', { quarantine: false }))).toBe('duration');
    // @ts-expect-error block_ip needs its input
    expect(invalidField(() => Operations.fromCode('block_ip'))).toBe('duration');
    // @ts-expect-error advance_mark_mis_info takes WhitelistOptions
    expect(invalidField(() => Operations.fromCode('advance_mark_mis_info', { duration: '7d' }))).toBe(
      'rules',
    );
    // @ts-expect-error advance_mark_mis_info needs its rules and scope
    expect(invalidField(() => Operations.fromCode('advance_mark_mis_info'))).toBe('rules');
    // @ts-expect-error ignore takes no input
    expect(invalidField(() => Operations.fromCode('ignore', { duration: '7d' }))).toBe('input');
    // @ts-expect-error kill_and_quara's option is `quarantine`; its subOperation is made from it
    expect(invalidField(() => Operations.fromCode('kill_and_quara', { subOperation: 'x' }))).toBe(
      'subOperation',
    );
  });

  it('does not compile for a code this package does not know: that is Operations.unknownCode', () => {
    // @ts-expect-error not a KnownOperationCode
    expect(invalidField(() => Operations.fromCode('isolate_host'))).toBe('code');
    const fromService: OperationCode = 'isolate_host';
    // @ts-expect-error an open OperationCode is narrowed first (isKnownOperationCode)
    expect(invalidField(() => Operations.fromCode(fromService))).toBe('code');
  });

  it('compiles when the input fits the code', () => {
    expectTypeOf(Operations.fromCode('kill_and_quara')).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('kill_and_quara', { quarantine: false })).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('kill_and_quara', undefined)).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('block_ip', { duration: '7d' })).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('advance_mark_mis_info', WHITELIST)).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('ignore')).toEqualTypeOf<Operation>();
    expectTypeOf(Operations.fromCode('ignore', undefined)).toEqualTypeOf<Operation>();
  });

  it('takes a code known only at run time once it is narrowed to codes that take the input given', () => {
    const build = (code: KnownOperationCode): Operation => {
      // @ts-expect-error the code may be block_ip, which needs its input
      if (code.length < 0) Operations.fromCode(code);
      switch (code) {
        case 'block_ip':
          return Operations.fromCode(code, { duration: '1d' });
        case 'advance_mark_mis_info':
          return Operations.fromCode(code, WHITELIST);
        case 'kill_and_quara':
          return Operations.fromCode(code, { quarantine: true });
        default:
          return Operations.fromCode(code);
      }
    };
    const noInput = (code: 'ignore' | 'kill_and_quara' | 'quara') => Operations.fromCode(code);
    expect(build('block_ip').code).toBe('block_ip');
    expect(build('kill_and_quara').params).toBe('{"subOperation":"killAndQuaraFileByMd5andPath"}');
    expect(noInput('quara')).toEqual(Operations.quarantine());
  });

  it('takes an open OperationCode, e.g. a recommendation, narrowed with isKnownOperationCode', () => {
    const build = (code: OperationCode): Operation => {
      if (!isKnownOperationCode(code)) return Operations.unknownCode(code);
      if (code === 'block_ip') return Operations.fromCode(code, { duration: '1d' });
      if (code === 'advance_mark_mis_info') return Operations.fromCode(code, WHITELIST);
      return Operations.fromCode(code);
    };
    expect(build('ignore')).toEqual(Operations.ignore());
    expect(build('isolate_host')).toMatchObject({ code: 'isolate_host', unknownCode: true });
  });
});
