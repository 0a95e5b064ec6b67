/**
 * One bad item never sinks a page: an item of a response's list of records that cannot be read even
 * leniently is removed from the returned list and kept apart (`rejectedItems(response)`: its path, the
 * raw item, its issues); the rest of the response is returned. Items of lists nested inside an item
 * are part of that item: one that cannot be read rejects the whole item (dropping, say, one existing
 * whitelist rule of an operation would make a merge send a list without it).
 */
import { describe, expect, it } from 'vitest';
import { READERS } from './readers.js';

function page(size: number, damage: (index: number) => Record<string, unknown> = () => ({})) {
  return {
    RequestId: 'r',
    TotalCount: 45,
    CurrentPage: 1,
    PageSize: size,
    SuspEvents: Array.from({ length: size }, (_, index) => ({
      Id: 7009600 + index,
      Level: 'serious',
      InternetIp: '1.2.3.4',
      ...damage(index),
    })),
  };
}

describe.each(READERS)('$name keep unreadable items apart', ({ read }) => {
  it('read a page in which one alert has InternetIp: null in full', () => {
    const result = read(
      'DescribeSuspEvents',
      'response',
      page(20, (i) => (i === 3 ? { InternetIp: null } : {})),
    );
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    expect((result.data as { SuspEvents: unknown[] }).SuspEvents).toHaveLength(20);
    expect(result.rejected).toEqual([]);
    expect(result.notes).toEqual([{ path: ['SuspEvents', 3, 'InternetIp'], message: 'null read as absent' }]);
  });

  it('return the readable alerts of a page and keep the unreadable one apart, raw, with its issues', () => {
    const body = page(20, (i) => (i === 3 ? { Advanced: 'maybe', InternetIp: null } : {}));
    const raw = body.SuspEvents[3];
    const result = read('DescribeSuspEvents', 'response', body);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const events = (result.data as { SuspEvents: { Id: number }[] }).SuspEvents;
    expect(events).toHaveLength(19);
    expect(events.map((event) => event.Id)).not.toContain(7009603);
    expect(result.rejected).toEqual([
      {
        path: 'SuspEvents[3]',
        raw,
        issues: [
          { path: 'SuspEvents[3].Advanced', message: 'Invalid input: expected boolean, received string' },
        ],
      },
    ]);
    expect(result.rejected[0]?.raw).toBe(raw);
    // The notes of a rejected item go with it.
    expect(result.notes).toEqual([]);
    expect(raw).toEqual({ Id: 7009603, Level: 'serious', InternetIp: null, Advanced: 'maybe' });
  });

  it('keep apart items that are not records, and items whose nested lists cannot be read', () => {
    const body = page(4);
    const events: unknown[] = body.SuspEvents;
    events[1] = null;
    events[2] = { Id: 1, Details: [{ Value: 'a' }, { Value: {} }] };
    const result = read('DescribeSuspEvents', 'response', body);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    expect((result.data as { SuspEvents: unknown[] }).SuspEvents).toHaveLength(2);
    expect(result.rejected.map(({ path, issues }) => ({ path, issues }))).toEqual([
      {
        path: 'SuspEvents[1]',
        issues: [{ path: 'SuspEvents[1]', message: 'Invalid input: expected object, received null' }],
      },
      {
        path: 'SuspEvents[2]',
        issues: [
          {
            path: 'SuspEvents[2].Details[1].Value',
            message: 'Invalid input: expected string, received object',
          },
        ],
      },
    ]);
  });

  it('keep apart unreadable items of every list of records: operations, statuses, Sddp risks', () => {
    const operations = read('DescribeSecurityEventOperations', 'response', {
      SecurityEventOperationsResponse: [
        { OperationCode: 'block_ip', UserCanOperate: 'true' },
        {
          OperationCode: 'advance_mark_mis_info',
          MarkField: [{ FiledName: 'a' }, { SupportedMisType: 'x' }],
        },
      ],
    });
    if (!operations.success) throw new Error(JSON.stringify(operations.issues));
    expect(operations.data).toEqual({
      SecurityEventOperationsResponse: [{ OperationCode: 'block_ip', UserCanOperate: true }],
    });
    expect(operations.rejected.map((item) => item.path)).toEqual(['SecurityEventOperationsResponse[1]']);

    const statuses = read('DescribeSecurityEventOperationStatus', 'response', {
      RequestId: 'r',
      SecurityEventOperationStatusResponse: {
        TaskStatus: 'Success',
        SecurityEventOperationStatuses: [{ SecurityEventId: 7, Status: 'Success' }, 'broken'],
      },
    });
    if (!statuses.success) throw new Error(JSON.stringify(statuses.issues));
    expect(statuses.data).toEqual({
      RequestId: 'r',
      SecurityEventOperationStatusResponse: {
        TaskStatus: 'Success',
        SecurityEventOperationStatuses: [{ SecurityEventId: '7', Status: 'Success' }],
      },
    });
    expect(statuses.rejected.map((item) => item.path)).toEqual([
      'SecurityEventOperationStatusResponse.SecurityEventOperationStatuses[1]',
    ]);

    const risks = read('DescribeRiskRules', 'response', {
      code: 200,
      success: true,
      requestId: 'R',
      data: { TotalCount: '2', Items: [{ RiskId: 75110196, SupportAi: 0 }, { RiskId: 'x' }] },
    });
    if (!risks.success) throw new Error(JSON.stringify(risks.issues));
    expect(risks.data).toEqual({
      code: 200,
      success: true,
      RequestId: 'R',
      TotalCount: 2,
      Items: [{ RiskId: 75110196, SupportAi: false }],
    });
    expect(risks.rejected).toEqual([
      {
        path: 'Items[1]',
        raw: { RiskId: 'x' },
        issues: [{ path: 'Items[1].RiskId', message: 'Invalid input: expected int64, received string' }],
      },
    ]);
  });

  it('still refuse a response whose own fields cannot be read', () => {
    const result = read('DescribeSuspEvents', 'response', { ...page(2), TotalCount: 'many' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues).toEqual([
        { path: ['TotalCount'], message: 'Invalid input: expected number, received string' },
      ]);
    }
    expect(read('DescribeSuspEvents', 'response', { RequestId: 'r', SuspEvents: {} }).success).toBe(false);
  });

  it('read an empty string in a number field as absent', () => {
    const result = read('DescribeSuspEvents', 'response', { RequestId: 'r', TotalCount: '' });
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    expect(result.notes).toEqual([{ path: ['TotalCount'], message: '"" read as absent' }]);
    expect((result.data as { TotalCount?: number }).TotalCount).toBeUndefined();
  });
});
