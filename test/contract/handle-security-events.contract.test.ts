import { describe, expect, it } from 'vitest';
import { InvalidResponseError, NoPermissionError, TimeoutError } from '../../src/index.js';
import { failure } from '../support/caught.js';
import { expectFullyReplayed, replay } from '../support/replay.js';

describe('HandleSecurityEvents contract', () => {
  it('sends the event ids as a repeat list and the parameters as JSON text, and returns the TaskId', async () => {
    const { emulator, sas } = await replay('handle-security-events');

    const result = await sas.handleSecurityEvents({
      SecurityEventIds: ['909361', '7009586'],
      OperationCode: 'kill_and_quara',
      OperationParams: JSON.stringify({
        expireTime: 1719588943551,
        subOperation: 'killAndQuaraFileByMd5andPath',
      }),
      Remark: 'remark test.',
    });

    expect(result).toEqual({
      RequestId: 'FF0020B9-999F-5DE2-985F-DB282BDA5311',
      HandleSecurityEventsResponse: { TaskId: 15411 },
    });
    expect(emulator.received[0]?.params).toMatchObject({
      'SecurityEventIds.1': '909361',
      'SecurityEventIds.2': '7009586',
    });
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('maps NoPermission to a NoPermissionError naming the RAM action, without retrying', async () => {
    const { emulator, sas } = await replay('handle-security-events-no-permission');

    const error = await failure(
      sas.handleSecurityEvents({
        SecurityEventIds: ['909361'],
        OperationCode: 'block_ip',
        OperationParams: '{"expireTime":1719588943551}',
      }),
    );

    expect(error).toBeInstanceOf(NoPermissionError);
    expect(error).toMatchObject({
      code: 'NoPermission',
      statusCode: 403,
      requestId: '9D4F2A6B-71C3-4E08-B5D2-3A6E8C1F0B97',
      action: 'HandleSecurityEvents',
      ramAction: 'yundun-sas:HandleSecurityEvents',
      serviceMessage: 'caller has no permission',
      retryable: false,
    });
    expect((error as Error).message).toContain('yundun-sas:HandleSecurityEvents');
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('never retries a 503 HTML page, whose outcome is unknown', async () => {
    const { emulator, sas } = await replay('handle-security-events-503-html');

    const error = await failure(
      sas.handleSecurityEvents({
        SecurityEventIds: ['909361'],
        OperationCode: 'ignore',
        OperationParams: '{}',
      }),
    );

    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({
      code: 'MalformedResponse',
      action: 'HandleSecurityEvents',
      retryable: false,
    });
    expect((error as Error).message).toMatch(/unknown/);
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('attempts once only when the answer comes after the deadline', async () => {
    const { emulator, sas } = await replay('handle-security-events-timeout', { timeoutMs: 150 });

    const error = await failure(
      sas.handleSecurityEvents({
        SecurityEventIds: ['909361'],
        OperationCode: 'manual_handled',
        OperationParams: '{}',
      }),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      code: 'RequestTimeout',
      action: 'HandleSecurityEvents',
      timeoutMs: 150,
      retryable: false,
    });
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expectFullyReplayed(emulator);
  });
});
