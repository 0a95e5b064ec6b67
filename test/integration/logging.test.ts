import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import {
  type Logger,
  Operations,
  type RequestAuditEvent,
  SasClient,
  ThrottlingError,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { collect } from '../support/collect.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

interface Line {
  level: string;
  message: string;
  fields: unknown;
}

/** A console-shaped logger that keeps its lines. */
function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: unknown): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const shown = (lines: readonly Line[]) => lines.map(({ level, message }) => `${level} ${message}`);

describe('logging', () => {
  const { setup } = useEmulatorHandler();

  it('logs each attempt at debug and the milestones at info, with ids and sizes, never a body or a secret', async () => {
    const records = sampleAlerts(3, 'logging');
    const logger = recordingLogger();
    const { emulator, alerts } = await setup({ alerts: records }, { logger, logLevel: 'debug' });

    const listed = await collect(alerts.listAlerts({ dealt: false }));
    const plan = await alerts.plan(
      listed.map((alert) => ({ alertId: alert.id, operation: Operations.ignore() })),
    );
    const report = await alerts.execute(plan);
    console.log(shown(logger.lines).join('\n'));

    expect(report.counts.succeeded).toBe(3);
    const lines = shown(logger.lines);
    expect(lines[0]).toMatch(
      /^debug Sas DescribeSuspEvents attempt 1: HTTP 200 in \d+ ms, \d+ bytes sent, \d+ bytes received, RequestId \S+\.$/,
    );
    expect(logger.lines[0]?.fields).toMatchObject({
      product: 'Sas',
      action: 'DescribeSuspEvents',
      attempt: 1,
      statusCode: 200,
      requestId: expect.any(String),
      requestBytes: expect.any(Number),
      responseBytes: expect.any(Number),
    });
    expect(lines).toContain('info Plan made: 1 batch for 3 alerts, 0 skipped.');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^info Batch ignore sent for 3 alerts \(task \d+, execution \S+\): 3 succeeded, 0 failed, 0 timed out, 0 unknown, 0 skipped\.$/,
      ),
    );
    expect(lines.at(-1)).toMatch(
      /^info Execution \S+ ended: 3 alerts, 3 succeeded, 0 failed, 0 timed out, 0 unknown, 0 skipped\.$/,
    );
    const everything = JSON.stringify(logger.lines);
    expect(everything).not.toContain(emulator.credentials.accessKeySecret);
    for (const record of records) {
      for (const value of [record.InternetIp, record.IntranetIp, record.InstanceName]) {
        if (value) expect(everything).not.toContain(value);
      }
    }
  });

  it('warns before each retry and logs the call that finally failed', async () => {
    const logger = recordingLogger();
    const { emulator } = await setup({ alerts: sampleAlerts(1) });
    emulator.faults.inject({ action: 'DescribeSuspEvents', queue: ['throttle', 'throttle', 'throttle'] });
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      logger,
    });

    const error = await failure(sas.describeSuspEvents({ PageSize: '20' }));

    expect(error).toBeInstanceOf(ThrottlingError);
    const lines = shown(logger.lines);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^warn Sas DescribeSuspEvents attempt 1 failed with ThrottlingError \(Throttling\.User, HTTP 400, RequestId \S+\); retrying in \d+ ms \(attempt 2 of at most 3\)\.$/,
    );
    expect(lines[2]).toMatch(
      /^error Sas DescribeSuspEvents failed after 3 attempts: ThrottlingError \(Throttling\.User, HTTP 400, RequestId \S+\)\.$/,
    );
  });

  it('warns of normalizations and of items kept apart as rejected, naming paths only', async () => {
    const records = sampleAlerts(4, 'hostile');
    const logger = recordingLogger();
    const { emulator, alerts } = await setup({ alerts: records }, { logger, logLevel: 'warn' });
    emulator.faults.inject({
      action: 'DescribeSuspEvents',
      queue: ['nulls'],
      fields: ['SuspEvents[1].InternetIp', 'SuspEvents[2].Id'],
    });

    const listed = await collect(alerts.listAlerts({ pageSize: 20 }));

    expect(listed).toHaveLength(3);
    const lines = shown(logger.lines);
    console.log(lines.join('\n'));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn Sas DescribeSuspEvents: \d+ field\(s\) of the response were normalized while reading it \(.*SuspEvents\[1\]\.InternetIp.*\), RequestId \S+\.$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn SuspEvents\[2\] on page 1 of the alert listing could not be read and was kept apart as rejected \(Id\), RequestId \S+\.$/,
      ),
    );
    expect(lines.filter((line) => !line.startsWith('warn'))).toEqual([]);
  });

  it('writes through a real pino logger', async () => {
    const written: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const { alerts } = await setup(
      { alerts: sampleAlerts(2) },
      { logger: pino({ level: 'debug' }, stream), logLevel: 'debug' },
    );

    const listed = await collect(alerts.listAlerts({ dealt: false }));
    await alerts.plan(listed.map((alert) => ({ alertId: alert.id, operation: Operations.ignore() })));

    expect(written.map(({ level }) => level)).toEqual([20, 20, 20, 30]);
    expect(written[0]?.msg).toMatch(/^Sas DescribeSuspEvents attempt 1: HTTP 200 in \d+ ms/);
    expect(written.at(-1)?.msg).toBe('Plan made: 1 batch for 2 alerts, 0 skipped.');
  });
});

describe('request audit events', () => {
  const { setup } = useEmulatorHandler();

  it('carry sizes, ids and timings; the body only with auditResponseBodies (100-alert page)', async () => {
    const sizes: Record<string, number> = {};
    for (const auditResponseBodies of [true, false]) {
      const events: RequestAuditEvent[] = [];
      const { alerts } = await setup(
        { alerts: sampleAlerts(100, 'audit-size') },
        { auditResponseBodies, onAudit: (event) => event.kind === 'request' && events.push(event) },
      );
      await alerts.client.describeSuspEvents({ CurrentPage: '1', PageSize: '100' });
      const [event] = events;
      expect(event).toMatchObject({
        outcome: 'success',
        statusCode: 200,
        requestId: expect.any(String),
        durationMs: expect.any(Number),
        requestBytes: expect.any(Number),
        responseBytes: expect.any(Number),
      });
      expect(event?.responseBytes).toBeGreaterThan(100_000);
      expect('response' in (event ?? {})).toBe(auditResponseBodies);
      sizes[auditResponseBodies ? 'with body (before)' : 'default (after)'] = JSON.stringify(event).length;
    }
    console.log('audit event of a 100-alert page, JSON.stringify length:', sizes);
    expect(sizes['default (after)']).toBeLessThan(2_000);
  });
});
