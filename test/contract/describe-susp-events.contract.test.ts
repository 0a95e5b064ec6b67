import { describe, expect, it } from 'vitest';
import type { DescribeSuspEventsRequest, RequestAuditEvent } from '../../src/index.js';
import { expectFullyReplayed, replay } from '../support/replay.js';

const PAGE_1: DescribeSuspEventsRequest = { CurrentPage: '1', PageSize: '20', Dealed: 'N' };
const REQUEST_ID = '0D6E20E4-8326-1D03-A553-2182BE9E82F9';

describe('DescribeSuspEvents contract', () => {
  it('parses a page with every documented field', async () => {
    const { emulator, sas } = await replay('describe-susp-events');

    const page = await sas.describeSuspEvents({ ...PAGE_1, Levels: 'serious', Lang: 'en' });

    expect(page).toMatchObject({
      RequestId: REQUEST_ID,
      TotalCount: 1,
      Count: 1,
      CurrentPage: 1,
      PageSize: 20,
    });
    const event = page.SuspEvents?.[0];
    expect(event).toMatchObject({
      Id: 1000,
      Level: 'serious',
      EventStatus: 8,
      AlarmEventNameDisplay: 'Login with unusual location',
      InternetIp: '1.2.XX.XX',
      SourceAliUid: 1000000000000000,
      LastTimeStamp: 1631699497000,
      OperateErrorCode: 'kill_and_quara.Success',
      clusterId: 'c2051775877374cccbf68af596e6****',
    });
    expect(event?.Details?.[0]?.Value).toBe('/etc/crontab');
    expect(event?.EventNotes?.[0]?.NoteId).toBe(123);
    expect(event?.TacticItems?.[0]?.TacticId).toBe('TA0001');
    expect(emulator.count('DescribeSuspEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('parses an empty page', async () => {
    const { emulator, sas } = await replay('describe-susp-events-empty-page');

    const page = await sas.describeSuspEvents({ ...PAGE_1, Levels: 'serious' });

    expect(page).toMatchObject({ RequestId: REQUEST_ID, TotalCount: 0, Count: 0, SuspEvents: [] });
    expect(emulator.count('DescribeSuspEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('parses the last page of 45 events', async () => {
    const { emulator, sas } = await replay('describe-susp-events-last-page');

    const page = await sas.describeSuspEvents({ ...PAGE_1, CurrentPage: '3' });

    expect(page).toMatchObject({ TotalCount: 45, CurrentPage: 3, PageSize: 20, Count: 5 });
    expect(page.SuspEvents?.map((event) => event.Id)).toEqual([7009586, 7009585, 7009584, 7009583, 7009582]);
    expect(page.SuspEvents?.map((event) => event.Level)).toEqual([
      'serious',
      'suspicious',
      'serious',
      'remind',
      'suspicious',
    ]);
    expect(emulator.count('DescribeSuspEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('retries after Throttling.User and returns the page', async () => {
    const audit: RequestAuditEvent[] = [];
    const { emulator, sas } = await replay('describe-susp-events-throttled', {
      onAudit: (event) => {
        if (event.kind === 'request') audit.push(event);
      },
    });

    const page = await sas.describeSuspEvents(PAGE_1);

    expect(page.SuspEvents?.[0]?.Id).toBe(7009586);
    expect(
      audit.map((event) => [event.outcome, event.error?.code, event.statusCode, event.willRetry]),
    ).toEqual([
      ['error', 'Throttling.User', 400, true],
      ['success', undefined, 200, false],
    ]);
    expect(audit[0]?.requestId).toBe('3C6A1F0E-52B7-4D2A-9E61-8F0B7D4C2A15');
    expect(emulator.count('DescribeSuspEvents')).toBe(2);
    expectFullyReplayed(emulator);
  });

  it('retries two 503 HTML pages and returns the page', async () => {
    const audit: RequestAuditEvent[] = [];
    const { emulator, sas } = await replay('describe-susp-events-503-html', {
      onAudit: (event) => {
        if (event.kind === 'request') audit.push(event);
      },
    });

    const page = await sas.describeSuspEvents(PAGE_1);

    expect(page.SuspEvents?.[0]?.Id).toBe(7009586);
    expect(audit.map((event) => event.error?.code ?? event.outcome)).toEqual([
      'MalformedResponse',
      'MalformedResponse',
      'success',
    ]);
    expect(emulator.count('DescribeSuspEvents')).toBe(3);
    expectFullyReplayed(emulator);
  });

  it('retries after an attempt times out', async () => {
    const audit: RequestAuditEvent[] = [];
    const { emulator, sas } = await replay('describe-susp-events-timeout', {
      timeoutMs: 150,
      onAudit: (event) => {
        if (event.kind === 'request') audit.push(event);
      },
    });

    const page = await sas.describeSuspEvents(PAGE_1);

    expect(page.SuspEvents?.[0]?.Id).toBe(7009586);
    expect(audit.map((event) => event.error?.code ?? event.outcome)).toEqual(['RequestTimeout', 'success']);
    expect(emulator.count('DescribeSuspEvents')).toBe(2);
    expectFullyReplayed(emulator);
  });

  it('reads a number where a string is due as that string, as the official runtime does, and says so', async () => {
    const notes: unknown[] = [];
    const { emulator, sas } = await replay('describe-susp-events-wrong-type', {
      onAudit: (event) => notes.push(...(event.normalized ?? [])),
    });

    const page = await sas.describeSuspEvents(PAGE_1);

    expect(page.SuspEvents?.[0]?.Level).toBe('5');
    expect(notes).toEqual([{ path: 'SuspEvents[0].Level', message: expect.stringContaining('5') }]);
    expect(emulator.count('DescribeSuspEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });
});
