import { describe, expect, it } from 'vitest';
import { SecurityEventNotExistsError } from '../../src/index.js';
import { failure } from '../support/caught.js';
import { expectFullyReplayed, replay } from '../support/replay.js';

describe('DescribeSecurityEventOperations contract', () => {
  it('parses the operations of an event, normalizing the doc-sample field forms', async () => {
    const { emulator, sas } = await replay('describe-security-event-operations');

    const result = await sas.describeSecurityEventOperations({ SecurityEventId: 61352054 });

    expect(result.RequestId).toBe('B7A2000F-497E-5DA0-B14D-615CD410DD7E');
    const operations = result.SecurityEventOperationsResponse ?? [];
    expect(operations.map((operation) => [operation.OperationCode, operation.UserCanOperate])).toEqual([
      ['advance_mark_mis_info', true],
      ['defense_mark_mis_info', true],
      ['block_ip', false],
      ['kill_and_quara', true],
      ['ignore', true],
    ]);
    const [whitelist, defense, block, kill] = operations;
    expect(whitelist?.MarkField?.[0]).toMatchObject({ FiledName: 'gmtModified', MarkMisType: 'contains' });
    expect(whitelist?.MarkFieldsSource?.[0]?.SupportedMisType).toContain('strNotEqual');
    expect(defense?.MappingMarkFields?.[0]).toMatchObject({ Name: 'pid', Value: '1791', MaxLength: 2048 });
    expect(block?.OperationParams).toBe('{"expireTime":1641566807783}');
    expect(JSON.parse(kill?.OperationParams ?? '')).toEqual({ subOperation: 'killAndQuaraFileByMd5andPath' });
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(1);
    expectFullyReplayed(emulator);
  });

  it('maps SecurityEventNotExists to its typed error, without retrying', async () => {
    const { emulator, sas } = await replay('describe-security-event-operations-not-exists');

    const error = await failure(sas.describeSecurityEventOperations({ SecurityEventId: 123 }));

    expect(error).toBeInstanceOf(SecurityEventNotExistsError);
    expect(error).toMatchObject({
      code: 'SecurityEventNotExists',
      statusCode: 400,
      requestId: '5B2E9C71-0D4A-4F63-8A1E-6C7D9B0E3F24',
      action: 'DescribeSecurityEventOperations',
      serviceMessage: 'Security event not exists.',
      hostId: 'tds.cn-shanghai.aliyuncs.com',
      retryable: false,
    });
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(1);
    expectFullyReplayed(emulator);
  });
});
