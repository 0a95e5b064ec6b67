/** Remarks: the checks of their text, and the stamp that names the rule behind a handling. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkedRemark, remarkProblem, resolveRemark } from '../../../src/alerts/remark.js';
import {
  MAX_REMARK_LENGTH,
  parseRemarkStamp,
  REMARK_EXECUTION_ID,
  type RemarkStamp,
  remarkStamp,
  ValidationError,
} from '../../../src/index.js';
import { caught } from '../../support/caught.js';

const EXECUTION_ID = 'exec-20261201-081010-3fa9c2d1';

/** A name a stamp holds: a letter or digit, then letters, digits, `.`, `_`, `-`; 64 at most. */
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const stamp: fc.Arbitrary<RemarkStamp> = fc.record(
  {
    ruleSet: name,
    version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    ruleId: name,
    runId: name,
  },
  { requiredKeys: ['ruleSet', 'version', 'ruleId'] },
);

describe('remarkStamp and parseRemarkStamp', () => {
  it('write the rule and the run in one form, the execution id put in when sent', () => {
    const planned = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'brute-force-block' });
    expect(planned).toBe(`rule prod-playbook@3/brute-force-block run ${REMARK_EXECUTION_ID}`);
    expect(resolveRemark(planned, EXECUTION_ID)).toBe(
      `rule prod-playbook@3/brute-force-block run ${EXECUTION_ID}`,
    );
    expect(parseRemarkStamp(resolveRemark(planned, EXECUTION_ID))).toEqual({
      ruleSet: 'prod-playbook',
      version: 3,
      ruleId: 'brute-force-block',
      runId: EXECUTION_ID,
    });
    expect(parseRemarkStamp(planned)).toEqual({
      ruleSet: 'prod-playbook',
      version: 3,
      ruleId: 'brute-force-block',
    });
  });

  it('read back every stamp they write, planned and sent, each within the limit', () => {
    fc.assert(
      fc.property(stamp, (given) => {
        const text = remarkStamp(given);
        expect(parseRemarkStamp(text)).toEqual(given);
        expect(remarkProblem(text)).toBeUndefined();
        const sent = resolveRemark(text, EXECUTION_ID);
        expect([...sent].length).toBeLessThanOrEqual(MAX_REMARK_LENGTH);
        expect(parseRemarkStamp(sent)).toEqual({ ...given, runId: given.runId ?? EXECUTION_ID });
      }),
    );
  });

  it('the longest stamp is 220 characters', () => {
    const longest = 'a'.repeat(64);
    const text = remarkStamp({
      ruleSet: longest,
      version: Number.MAX_SAFE_INTEGER,
      ruleId: longest,
      runId: longest,
    });
    expect(text).toHaveLength(220);
  });

  it('parseRemarkStamp gives undefined for any other text', () => {
    for (const text of [
      'closed by hand',
      '',
      'rule prod@3/block',
      'rule prod@0/block run x',
      'rule prod@3/block run x ',
      ' rule prod@3/block run x',
      'rule prod set@3/block run x',
      'rule prod@3/block/extra run x',
      'rule prod@3/block run {runId}',
      'rule prod@99999999999999999/block run x',
      `rule ${'a'.repeat(65)}@3/block run x`,
      'RULE prod@3/block run x',
    ]) {
      expect(parseRemarkStamp(text), text).toBeUndefined();
    }
    expect(parseRemarkStamp(3 as unknown as string)).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.startsWith('rule '));
        expect(parseRemarkStamp(text)).toBeUndefined();
      }),
    );
  });

  it('refuses what a stamp cannot hold, naming the field', () => {
    const valid = { ruleSet: 'prod', version: 1, ruleId: 'block' };
    for (const [given, field] of [
      [{ ...valid, ruleSet: 'prod playbook' }, 'ruleSet'],
      [{ ...valid, ruleSet: '' }, 'ruleSet'],
      [{ ...valid, ruleSet: 'a'.repeat(65) }, 'ruleSet'],
      [{ ...valid, ruleId: 'a/b' }, 'ruleId'],
      [{ ...valid, ruleId: '-block' }, 'ruleId'],
      [{ ...valid, version: 0 }, 'version'],
      [{ ...valid, version: 1.5 }, 'version'],
      [{ ...valid, version: '3' }, 'version'],
      [{ ...valid, runId: '{executionId}' }, 'runId'],
      [{ ...valid, runId: 'run@1' }, 'runId'],
    ] as const) {
      const error = caught(() => remarkStamp(given as unknown as RemarkStamp));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, JSON.stringify(given)).toBe(field);
    }
  });
});

describe('remark checks', () => {
  it('take a one-line note of at most 256 characters, counting the execution id as sent', () => {
    expect(checkedRemark('  reviewed by the on-call  ', 'remark')).toBe('reviewed by the on-call');
    expect(remarkProblem('检查完毕'.repeat(64))).toBeUndefined();
    expect(remarkProblem('x'.repeat(MAX_REMARK_LENGTH))).toBeUndefined();
    // 243 + 13 = 256 as written, 243 + 29 = 272 as sent.
    expect(remarkProblem(`${'x'.repeat(243)}${REMARK_EXECUTION_ID}`)).toMatch(/272 characters long/);
    for (const [value, problem] of [
      [3, /must be a string/],
      ['', /must not be empty/],
      [' \u3000 ', /must not be empty/],
      ['x'.repeat(MAX_REMARK_LENGTH + 1), /257 characters long; at most 256/],
      ['line one\nline two', /control characters/],
      ['tab\there', /control characters/],
      ['escape \u001b[31m', /control characters/],
      ['reversed \u202etxt.exe', /direction marks/],
      ['separator\u2028', /line breaks/],
    ] as const) {
      expect(remarkProblem(value), JSON.stringify(value)).toMatch(problem);
    }
  });

  it('put the execution id in each placeholder, and leave other text as it is', () => {
    expect(resolveRemark('{executionId} and {executionId}', 'exec-1')).toBe('exec-1 and exec-1');
    expect(resolveRemark('{runId} {executionid}', 'exec-1')).toBe('{runId} {executionid}');
  });
});
