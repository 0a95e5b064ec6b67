/**
 * Normalizations are never silent: what the reading of a response changed (a `null` read as absent...)
 * and what the check of the parameters accepted with a warning are on the request's audit event.
 *
 * They come from the generated checks through `validated(…, onNormalized)`; each test runs once the
 * checks note what it needs.
 */
import { describe, expect, it } from 'vitest';
import { DescribeSuspEventsAction, HandleSecurityEventsAction } from '../../src/generated/index.js';
import { validated } from '../../src/transport/validated.js';
import { clientsOf, json, startLoopback } from './transport-server.js';

/** Whether `validated` hands on the notes of a check result. */
function notes(result: unknown): number {
  let count = 0;
  try {
    (validated as (...args: unknown[]) => unknown)(result, 'A', 'request', undefined, (found: unknown[]) => {
      count = found.length;
    });
  } catch {
    // Not valid: nothing noted.
  }
  return count;
}

const readsNullAsAbsent =
  notes(
    DescribeSuspEventsAction.parseResponse({ RequestId: 'r', SuspEvents: [{ Id: 2, InternetIp: null }] }),
  ) > 0;
const notesNewCodes =
  notes(
    HandleSecurityEventsAction.validateRequest({
      SecurityEventIds: ['1'],
      OperationCode: 'a_code_added_later',
    }),
  ) > 0;

describe('normalizations on the audit event', () => {
  it.runIf(readsNullAsAbsent)('lists what reading the response changed, with the field paths', async () => {
    const server = await startLoopback(
      json(200, {
        RequestId: 'r',
        Count: 2,
        CurrentPage: 1,
        PageSize: 20,
        TotalCount: 2,
        SuspEvents: [{ Id: 1 }, { Id: 2, InternetIp: null }],
      }),
    );
    const { sas, audit } = clientsOf(server);
    const page = await sas.describeSuspEvents({});
    expect(page.SuspEvents).toHaveLength(2);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.outcome).toBe('success');
    expect(audit[0]?.normalized).toEqual([expect.objectContaining({ path: 'SuspEvents[1].InternetIp' })]);
  });

  it('has no list when nothing was changed', async () => {
    const server = await startLoopback(
      json(200, { RequestId: 'r', Count: 0, CurrentPage: 1, PageSize: 20, TotalCount: 0, SuspEvents: [] }),
    );
    const { sas, audit } = clientsOf(server);
    await sas.describeSuspEvents({});
    expect(audit[0]?.normalized).toBeUndefined();
    expect(audit[0]?.paramNotes).toBeUndefined();
  });

  it.runIf(notesNewCodes)('lists what the check of the parameters noted, on every attempt', async () => {
    let calls = 0;
    const server = await startLoopback((request, response, action) =>
      json(
        200,
        ++calls === 1
          ? { RequestId: 'r', Code: 'Throttling.User' }
          : { RequestId: 'ok', HandleSecurityEventsResponse: { TaskId: 1 } },
      )(request, response, action),
    );
    const { sas, audit } = clientsOf(server);
    await sas.handleSecurityEvents({
      SecurityEventIds: ['1'],
      OperationCode: 'a_code_added_later' as 'ignore',
      OperationParams: '{}',
    });
    expect(audit.map((event) => event.paramNotes?.map((note) => note.path))).toEqual([
      ['OperationCode'],
      ['OperationCode'],
    ]);
  });
});
