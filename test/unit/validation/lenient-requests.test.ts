/**
 * Requests: strict where it protects, not where it only refuses. Unknown keys and documented closed
 * value sets are still checked; a value that goes on the wire as the same bytes is accepted and
 * converted to what is sent (a number for a digit-string parameter, numbers in a list of ids, digits for
 * an int64); a value outside a documented set that the documentation says may grow is sent, with a note.
 */
import { describe, expect, it } from 'vitest';
import { READERS } from './readers.js';

describe.each(READERS)('$name check requests', ({ read }) => {
  function sent(action: string, request: unknown) {
    const result = read(action, 'request', request);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    return result;
  }
  function refused(action: string, request: unknown) {
    const result = read(action, 'request', request);
    expect(result.success, JSON.stringify(request)).toBe(false);
    return result.success ? [] : result.issues;
  }

  it('accept numbers for digit-string parameters and in lists of ids, converted to what is sent', () => {
    const page = sent('DescribeSuspEvents', { CurrentPage: 2, PageSize: 20, Levels: 'serious' });
    expect(page.data).toEqual({ CurrentPage: '2', PageSize: '20', Levels: 'serious' });
    expect(page.notes).toEqual([]);
    const handle = sent('HandleSecurityEvents', {
      SecurityEventIds: [7009607, '7009586'],
      OperationCode: 'ignore',
      OperationParams: '{}',
      MarkBatch: true,
    });
    expect(handle.data).toEqual({
      SecurityEventIds: ['7009607', '7009586'],
      OperationCode: 'ignore',
      OperationParams: '{}',
      MarkBatch: 'true',
    });
    expect(sent('DescribeSecurityEventOperationStatus', { SecurityEventIds: [909361] }).data).toEqual({
      SecurityEventIds: ['909361'],
    });
  });

  it('accept digits for integer parameters; keep int64 digits beyond 2^53 exact', () => {
    expect(sent('DescribeSecurityEventOperations', { SecurityEventId: '61352054' }).data).toEqual({
      SecurityEventId: 61352054,
    });
    const big = '1234567890123456789';
    expect(
      sent('PreHandleAuditRisk', {
        RiskId: big,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: '{}' }],
      }).data,
    ).toMatchObject({ RiskId: big });
    expect(
      sent('DescribeSuspEvents', { SourceAliUids: ['1', big], MultiAccountActionType: '1' }).data,
    ).toEqual({
      SourceAliUids: [1, big],
      MultiAccountActionType: 1,
    });
    expect(sent('DescribeRiskRules', { CurrentPage: '3', PageSize: 50 }).data).toEqual({
      CurrentPage: 3,
      PageSize: 50,
    });
  });

  it('still refuse what would go out differently or means something else', () => {
    expect(refused('DescribeSuspEvents', { PageSize: 1.5 }).map((issue) => issue.path)).toEqual([
      ['PageSize'],
    ]);
    expect(refused('DescribeSuspEvents', { PageSize: -1 }).map((issue) => issue.path)).toEqual([
      ['PageSize'],
    ]);
    expect(refused('DescribeSuspEvents', { PageSize: '2O' }).map((issue) => issue.path)).toEqual([
      ['PageSize'],
    ]);
    expect(refused('DescribeSecurityEventOperations', { SecurityEventId: '6135x' })).toHaveLength(1);
    expect(
      refused('DescribeSecurityEventOperations', { SecurityEventId: '99999999999999999999' }),
    ).toHaveLength(1);
    expect(refused('DescribeRiskRules', { CurrentPage: '9007199254740993' })).toHaveLength(1);
    expect(refused('HandleSecurityEvents', { SecurityEventIds: [{}], OperationCode: 'ignore' })).toHaveLength(
      1,
    );
    expect(
      refused('HandleSecurityEvents', { SecurityEventIds: [Number.NaN], OperationCode: 'ignore' }),
    ).toHaveLength(1);
  });

  it('still check unknown keys and closed value sets', () => {
    expect(
      refused('HandleSecurityEvents', {
        SecurityEventIds: ['1'],
        SecurityEventId: '1',
        OperationCode: 'ignore',
      }),
    ).toEqual([{ path: [], message: 'Unrecognized key: "SecurityEventId"' }]);
    expect(refused('DescribeSuspEvents', { Lang: 'fr' })).toEqual([
      { path: ['Lang'], message: 'Invalid option: expected one of "zh"|"en"' },
    ]);
    expect(refused('DescribeSuspEvents', { Dealed: true }).map((issue) => issue.path)).toEqual([['Dealed']]);
    expect(refused('DescribeSuspEvents', { MultiAccountActionType: '2' })).toHaveLength(1);
    expect(refused('DescribeRiskRules', { HandleStatus: 'DONE' })).toHaveLength(1);
    expect(
      refused('PreHandleAuditRisk', {
        RiskId: 1,
        HandleInfoList: [{ HandleType: 'Auto', HandleContent: '{}' }],
      }),
    ).toHaveLength(1);
  });

  it('send values outside a list that may grow, with a note; known values and lists of them without', () => {
    const known = sent('DescribeSuspEvents', {
      Status: '1',
      Levels: 'serious,suspicious',
      ParentEventTypes: 'Webshell',
    });
    expect(known.notes).toEqual([]);
    const grown = sent('DescribeSuspEvents', { Status: 1024, Levels: 'serious,critical' });
    expect(grown.data).toEqual({ Status: '1024', Levels: 'serious,critical' });
    expect(grown.notes).toEqual([
      { path: ['Levels'], message: '"serious,critical" is not among the documented values; sent as given' },
      { path: ['Status'], message: '"1024" is not among the documented values; sent as given' },
    ]);
    const handled = sent('HandleSecurityEvents', {
      SecurityEventIds: ['1'],
      OperationCode: 'some_future_code',
      OperationParams: '{}',
    });
    expect(handled.data).toMatchObject({ OperationCode: 'some_future_code' });
    expect(handled.notes).toEqual([
      {
        path: ['OperationCode'],
        message: '"some_future_code" is not among the documented values; sent as given',
      },
    ]);
    expect(
      sent('HandleSecurityEvents', { SecurityEventIds: ['1'], OperationCode: 'virus_quara' }).notes,
    ).toEqual([]);
  });

  it('never modify the request', () => {
    const request = { SecurityEventIds: [7009607], OperationCode: 'ignore', MarkBatch: false };
    const copy = structuredClone(request);
    sent('HandleSecurityEvents', request);
    expect(request).toEqual(copy);
  });
});
