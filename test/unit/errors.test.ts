import { describe, expect, it } from 'vitest';
import {
  AgentOfflineError,
  ApiError,
  HandlingError,
  handlingErrorFromCode,
  NoPermissionError,
  ProcessNotExistError,
  SdkError,
  ValidationError,
} from '../../src/errors.js';

describe('error classes', () => {
  it('have stable names and inherit from SdkError', () => {
    const error = new NoPermissionError('denied', { code: 'NoPermission', ramAction: 'yundun-sas:X' });
    expect(error.name).toBe('NoPermissionError');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(SdkError);
    expect(error).toBeInstanceOf(Error);
    expect(error.retryable).toBe(false);
  });

  it('serialize to JSON without the cause', () => {
    const error = new ApiError('boom', {
      code: 'X',
      requestId: 'R',
      statusCode: 400,
      action: 'A',
      cause: new Error('inner'),
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'ApiError', code: 'X', requestId: 'R' });
    expect(JSON.stringify(error)).not.toContain('inner');
  });

  it('ValidationError names its field', () => {
    const error = new ValidationError('bad', { issues: [{ path: 'PageSize', message: 'expected string' }] });
    expect(error.field).toBe('PageSize');
    expect(error.code).toBe('ValidationError');
  });
});

describe('handlingErrorFromCode', () => {
  it('maps *.AgentOffline and *.ProcessNotExist to their classes', () => {
    const offline = handlingErrorFromCode('kill_and_quara.AgentOffline', { alertId: '1', taskId: 9 });
    expect(offline).toBeInstanceOf(AgentOfflineError);
    expect(offline.operation).toBe('kill_and_quara');
    expect(offline.taskId).toBe(9);
    const gone = handlingErrorFromCode('kill_and_quara.ProcessNotExist', { alertId: '2' });
    expect(gone).toBeInstanceOf(ProcessNotExistError);
    expect(gone.message).toContain('virus_quara_bin');
  });

  it('falls back to HandlingError with the code', () => {
    const error = handlingErrorFromCode('block_ip.Failure', { alertId: '3' });
    expect(error.constructor).toBe(HandlingError);
    expect(error.code).toBe('block_ip.Failure');
  });
});

describe('isSdkError', () => {
  it('knows every error of the SDK, and one of another copy of it by its registered mark', async () => {
    const { isSdkError, ThrottlingError, ValidationError } = await import('../../src/index.js');
    expect(isSdkError(new ThrottlingError('slow', { code: 'Throttling.User' }))).toBe(true);
    expect(isSdkError(new ValidationError('bad', { field: 'x' }))).toBe(true);
    const fromAnotherCopy = { [Symbol.for('alicloud-alert-handler.SdkError')]: true, name: 'NetworkError' };
    expect(isSdkError(fromAnotherCopy)).toBe(true);
    for (const other of [new Error('x'), {}, null, undefined, 'SdkError'])
      expect(isSdkError(other)).toBe(false);
  });
});
