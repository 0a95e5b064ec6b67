/**
 * `validated()` hands the normalizations of a checked request or response on (`onNormalized`), with
 * their paths formatted as in errors; it is not called when there are none.
 */
import { describe, expect, it, vi } from 'vitest';
import { InvalidResponseError, ValidationError } from '../../../src/errors.js';
import { DescribeSuspEventsAction, HandleSecurityEventsAction } from '../../../src/generated/index.js';
import { formatPath, validated } from '../../../src/transport/validated.js';
import { rejectedItems } from '../../../src/validation/rejected.js';

describe('validated', () => {
  it('hands the notes of a response on, paths formatted', () => {
    const onNormalized = vi.fn();
    const data = validated(
      DescribeSuspEventsAction.parseResponse({
        RequestId: 'r',
        SuspEvents: [{ Id: 1 }, { Id: 2, InternetIp: null }],
      }),
      'DescribeSuspEvents',
      'response',
      'r',
      onNormalized,
    );
    expect(data.SuspEvents).toHaveLength(2);
    expect(onNormalized).toHaveBeenCalledTimes(1);
    expect(onNormalized).toHaveBeenCalledWith([
      { path: 'SuspEvents[1].InternetIp', message: 'null read as absent' },
    ]);
  });

  it('is not called without notes, and the rejected items stay on the data', () => {
    const onNormalized = vi.fn();
    const data = validated(
      DescribeSuspEventsAction.parseResponse({ RequestId: 'r', SuspEvents: [{ Id: 1 }, { Id: {} }] }),
      'DescribeSuspEvents',
      'response',
      'r',
      onNormalized,
    );
    expect(onNormalized).not.toHaveBeenCalled();
    expect(data.SuspEvents).toEqual([{ Id: 1 }]);
    expect(rejectedItems(data).map((item) => item.path)).toEqual(['SuspEvents[1]']);
  });

  it('hands on the notes of a request, and still throws on issues', () => {
    const onNormalized = vi.fn();
    validated(
      HandleSecurityEventsAction.validateRequest({ SecurityEventIds: [1], OperationCode: 'new_code' }),
      'HandleSecurityEvents',
      'request',
      undefined,
      onNormalized,
    );
    expect(onNormalized).toHaveBeenCalledWith([
      { path: 'OperationCode', message: '"new_code" is not among the documented values; sent as given' },
    ]);
    expect(() =>
      validated(
        HandleSecurityEventsAction.validateRequest({}),
        'HandleSecurityEvents',
        'request',
        undefined,
        onNormalized,
      ),
    ).toThrow(ValidationError);
    expect(() =>
      validated(
        DescribeSuspEventsAction.parseResponse({ TotalCount: 'x' }),
        'DescribeSuspEvents',
        'response',
        'r',
      ),
    ).toThrow(InvalidResponseError);
  });

  it('formats paths as in errors', () => {
    expect(formatPath(['SuspEvents', 3, 'InternetIp'])).toBe('SuspEvents[3].InternetIp');
    expect(formatPath([])).toBe('');
  });
});
