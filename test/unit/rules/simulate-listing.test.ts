import { describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/list.js';
import type { DescribeSuspEventsRequest } from '../../../src/generated/index.js';
import { ValidationError } from '../../../src/index.js';
import { caught } from '../../support/caught.js';

/** A `describeSuspEvents` that serves nothing and keeps the requests. */
function calls() {
  const requests: DescribeSuspEventsRequest[] = [];
  return {
    requests,
    describeSuspEvents: async (request: DescribeSuspEventsRequest) => {
      requests.push(request);
      return { RequestId: 'r', TotalCount: 0, SuspEvents: [] };
    },
  };
}

describe('the listing a simulation reads', () => {
  it('filters on the handling time at UTC+08:00, to the second', async () => {
    const sas = calls();
    const listing = listAlerts(sas, {
      dealt: true,
      handledFrom: new Date('2026-01-01T00:00:00+08:00'),
      handledTo: new Date('2026-01-15T00:00:00.999+08:00'),
    });
    for await (const _ of listing) expect.unreachable('no alert');
    expect(sas.requests[0]).toMatchObject({
      Dealed: 'Y',
      OperateTimeStart: '2026-01-01 00:00:00',
      OperateTimeEnd: '2026-01-15 00:00:00',
    });
    expect(sas.requests[0]?.TimeStart).toBeUndefined();
  });

  it('refuses a handling period that ends before it starts, before any request', () => {
    const sas = calls();
    const error = caught(() =>
      listAlerts(sas, {
        handledFrom: new Date('2026-01-02T00:00:00Z'),
        handledTo: new Date('2026-01-01T00:00:00Z'),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'handledFrom' });
    expect(sas.requests).toEqual([]);
  });
});
