import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logHandlerEvent } from '../../src/alerts/audit-log.js';
import {
  AlertHandler,
  type Logger,
  RiskHandler,
  SasClient,
  SddpClient,
  ValidationError,
} from '../../src/index.js';
import { Log, resolveLog } from '../../src/transport/logger.js';
import { logFailure, logRetry } from '../../src/transport/request-log.js';
import { caught } from '../support/caught.js';

/** A console-shaped logger that keeps its lines, and needs its `this` as pino does. */
class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields: unknown }[] = [];
  debug(message: string, fields?: unknown): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: unknown): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: unknown): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: unknown): void {
    this.lines.push({ level: 'error', message, fields });
  }
}

const VARIABLE = 'ALERT_HANDLER_LOG_LEVEL';

afterEach(() => {
  delete process.env[VARIABLE];
  vi.restoreAllMocks();
});

describe('resolveLog', () => {
  it('takes the level from logLevel, else ALERT_HANDLER_LOG_LEVEL, else info', () => {
    const logger = new RecordingLogger();
    expect(resolveLog({ logger }, {}).enabled('debug')).toBe(false);
    expect(resolveLog({ logger }, {}).enabled('info')).toBe(true);
    expect(resolveLog({ logger }, { [VARIABLE]: 'debug' }).enabled('debug')).toBe(true);
    expect(resolveLog({ logger }, { [VARIABLE]: ' WARN ' }).enabled('info')).toBe(false);
    expect(resolveLog({ logger, logLevel: 'error' }, { [VARIABLE]: 'debug' }).enabled('warn')).toBe(false);
    expect(resolveLog({ logger, logLevel: 'silent' }, {}).enabled('error')).toBe(false);
  });

  it('logs nothing without a logger unless ALERT_HANDLER_LOG_LEVEL is set; then one line each to stderr', () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    resolveLog({}, {}).write('error', 'Not written.', {});
    expect(stderr).not.toHaveBeenCalled();

    const log = resolveLog({}, { [VARIABLE]: 'info' });
    log.write('debug', 'Below the level.', {});
    log.write('warn', 'Two\n  lines.', { requestId: 'r' });
    expect(stderr.mock.calls).toEqual([['alicloud-alert-handler warn: Two lines.']]);
  });

  it('refuses an ALERT_HANDLER_LOG_LEVEL that is no level, naming it and the allowed values', () => {
    process.env[VARIABLE] = 'verbose';
    for (const make of [
      () => new SasClient({ regionId: 'cn-shanghai' }),
      () => new SddpClient({ regionId: 'cn-zhangjiakou' }),
      () => new AlertHandler({ regionId: 'cn-shanghai' }),
      () => new RiskHandler({ regionId: 'cn-zhangjiakou' }),
    ]) {
      const error = caught(make);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(VARIABLE);
      expect((error as Error).message).toBe(
        'ALERT_HANDLER_LOG_LEVEL must be one of debug, info, warn, error, silent, not "verbose". ' +
          'Fix or unset the variable, or pass `logLevel`.',
      );
    }
    // Not consulted when both options are given.
    expect(() => new SasClient({ regionId: 'cn-shanghai', logger: console, logLevel: 'warn' })).not.toThrow();
  });

  it('refuses a logger without the four methods and a logLevel that is no level', () => {
    expect(
      () => new SasClient({ regionId: 'cn-shanghai', logger: { info() {} } as unknown as Logger }),
    ).toThrow(/logger.*debug, info, warn, error/);
    expect(() => new SasClient({ regionId: 'cn-shanghai', logLevel: 'verbose' as 'debug' })).toThrow(
      ValidationError,
    );
  });

  it('calls the logger as methods and survives one that throws', () => {
    const logger = new RecordingLogger();
    new Log(logger, 'debug').write('info', 'Kept.', { n: 1 });
    expect(logger.lines).toEqual([{ level: 'info', message: 'Kept.', fields: { n: 1 } }]);
    const throwing = new Log(
      {
        debug: () => undefined,
        info: () => undefined,
        warn: () => {
          throw new Error('logger down');
        },
        error: () => undefined,
      },
      'debug',
    );
    expect(() => throwing.write('warn', 'Lost.', {})).not.toThrow();
  });
});

describe('log lines', () => {
  it('say why a call retries and how it finally failed: name, code, status, RequestId, never the message', async () => {
    const { ThrottlingError } = await import('../../src/index.js');
    const error = new ThrottlingError('Request was denied due to user flow control. secret-ish text', {
      code: 'Throttling.User',
      statusCode: 400,
      requestId: 'REQ-9',
    });
    const logger = new RecordingLogger();
    const log = new Log(logger, 'debug');
    const call = { product: 'Sas', action: 'DescribeSuspEvents', attempt: 1, error };
    logRetry(log, call, 183.4, 3);
    logFailure(log, { ...call, attempt: 3 });
    expect(logger.lines.map(({ level, message }) => `${level} ${message}`)).toEqual([
      'warn Sas DescribeSuspEvents attempt 1 failed with ThrottlingError (Throttling.User, HTTP 400, RequestId REQ-9); retrying in 183 ms (attempt 2 of at most 3).',
      'error Sas DescribeSuspEvents failed after 3 attempts: ThrottlingError (Throttling.User, HTTP 400, RequestId REQ-9).',
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('secret-ish');
  });

  it('warn of alerts whose outcome is unknown', () => {
    const logger = new RecordingLogger();
    logHandlerEvent(new Log(logger, 'info'), {
      kind: 'batch',
      executionId: 'exec-1',
      operation: 'block_ip',
      params: '{"expireTime":1}',
      destructive: true,
      alertIds: ['1', '2'],
      counts: { total: 2, succeeded: 0, failed: 0, timedOut: 0, unknown: 2, skipped: 0 },
    });
    expect(logger.lines.map(({ level, message }) => `${level} ${message}`)).toEqual([
      'info Batch block_ip sent for 2 alerts (no task started, execution exec-1): 0 succeeded, 0 failed, 0 timed out, 2 unknown, 0 skipped.',
      'warn 2 alerts of batch block_ip (execution exec-1) have an unknown outcome: the handling call may or may not have been applied. Recheck them (recheck) before handling them again.',
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('expireTime');
  });
});

describe('pino', () => {
  it('takes a pino logger as is: messages as lines, at their levels', () => {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, stream);
    const log = resolveLog({ logger, logLevel: 'debug' }, {});
    log.write('debug', 'An attempt.', { requestId: 'r1' });
    log.write('info', 'A plan.', {});
    log.write('warn', 'A retry.', {});
    log.write('error', 'A failure.', {});
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [20, 'An attempt.'],
      [30, 'A plan.'],
      [40, 'A retry.'],
      [50, 'A failure.'],
    ]);
  });
});
