import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RISK_RULES_PAGE, record, SUSP_EVENTS_PAGE } from '../../scripts/record.js';
import {
  type Cassette,
  type Emulator,
  type EmulatorHandlers,
  type EmulatorOptions,
  readCassette,
  type SuspEventRecord,
  sampleAlerts,
  startEmulator,
} from '../../src/emulator/index.js';
import { SasClient, SddpClient } from '../../src/index.js';

const ACCOUNT_ID = 1234567890123456;
const IPV6 = '2408:4005:3cd:8d00:1a2b:3c4d:5e6f:7a8b';
const ANY_IPV4 = /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])/;

const ALERTS: SuspEventRecord[] = sampleAlerts(3, 'record').map((alert, index) => ({
  ...alert,
  InternetIp: index === 0 ? '47.100.12.34' : '203.0.113.7',
  IntranetIp: '172.16.3.4',
  SourceAliUid: ACCOUNT_ID,
  Details: [{ NameDisplay: 'Login source IP', Type: 'text', Value: IPV6, ValueDisplay: IPV6 }],
}));

const HANDLERS: EmulatorHandlers = {
  DescribeSecurityEventOperations: () => ({
    status: 200,
    body: {
      SecurityEventOperationsResponse: [
        {
          OperationCode: 'advance_mark_mis_info',
          UserCanOperate: true,
          MarkFieldsSource: [
            { FiledName: 'loginSourceIp', FiledAliasName: 'source IP', MarkMisValue: '47.100.12.34' },
          ],
        },
        { OperationCode: 'block_ip', UserCanOperate: true, OperationParams: '{"expireTime":1641566807783}' },
      ],
    },
  }),
  DescribeRiskRules: () => ({
    status: 200,
    body: {
      TotalCount: 1,
      CurrentPage: 1,
      PageSize: 5,
      Items: [{ RiskId: 75110196, RuleName: 'mysqldump from 203.0.113.7', AliUid: String(ACCOUNT_ID) }],
    },
  }),
};

let outDir = '';
const emulators: Emulator[] = [];

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'record-'));
});
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
  await rm(outDir, { recursive: true, force: true });
});

async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  return emulator;
}

async function recordFrom(emulator: Emulator, log: string[] = []) {
  return record({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    outDir,
    log: (line) => log.push(line),
  });
}

/** Replays a cassette file through the real client, with the call `record()` made for it. */
async function replayFile(
  file: string,
): Promise<{ result: unknown; cassette: Cassette; emulator: Emulator }> {
  const cassette = await readCassette(file);
  const emulator = await emulatorWith({ cassettes: [cassette] });
  const options = {
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  } as const;
  const sas = new SasClient(options);
  const sddp = new SddpClient(options);
  const request = cassette.interactions[0]?.request;
  const calls: Record<string, () => Promise<unknown>> = {
    DescribeSuspEvents: () => sas.describeSuspEvents(SUSP_EVENTS_PAGE),
    DescribeSecurityEventOperations: () =>
      sas.describeSecurityEventOperations({ SecurityEventId: Number(request?.params.SecurityEventId) }),
    DescribeRiskRules: () => sddp.describeRiskRules(RISK_RULES_PAGE),
  };
  const call = calls[request?.action ?? ''];
  if (call === undefined) throw new Error(`no replay for ${request?.action}`);
  return { result: await call(), cassette, emulator };
}

describe('record', () => {
  it('writes one redacted cassette per read call, each of which replays through the real client', async () => {
    const source = await emulatorWith({ alerts: ALERTS, handlers: HANDLERS });
    const log: string[] = [];

    const { written, notes } = await recordFrom(source, log);

    expect(written.map(({ cassette }) => cassette.name)).toEqual([
      'recorded-describe-susp-events',
      'recorded-describe-security-event-operations',
      'recorded-describe-risk-rules',
    ]);
    expect(notes).toEqual([]);
    expect(source.count('HandleSecurityEvents') + source.count('PreHandleAuditRisk')).toBe(0);
    const { accessKeyId, accessKeySecret } = source.credentials;
    for (const { file } of written) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toMatch(ANY_IPV4);
      expect(text).not.toContain('2408:');
      expect(text).not.toContain(String(ACCOUNT_ID));
      expect(text).not.toContain(accessKeySecret);
      expect(text).not.toContain(accessKeyId);
    }
    expect(log.join('\n')).not.toContain(accessKeySecret);
    expect(log.filter((line) => line.startsWith('wrote '))).toHaveLength(3);

    const [events, operations, risks] = await Promise.all(written.map(({ file }) => replayFile(file)));
    expect(events?.result).toMatchObject({
      TotalCount: 3,
      SuspEvents: [
        { InternetIp: '47.100.XX.XX', IntranetIp: '172.16.XX.XX', SourceAliUid: 1000000000000000 },
        { InternetIp: '203.0.XX.XX' },
        { InternetIp: '203.0.XX.XX' },
      ],
    });
    expect(operations?.cassette.interactions[0]?.request.params.SecurityEventId).toBe(String(ALERTS[0]?.Id));
    expect(operations?.result).toMatchObject({
      SecurityEventOperationsResponse: [{ MarkFieldsSource: [{ MarkMisValue: '47.100.XX.XX' }] }, {}],
    });
    expect(risks?.result).toMatchObject({
      Items: [{ RuleName: 'mysqldump from 203.0.XX.XX', AliUid: '1000000000000000' }],
    });
    for (const replayed of [events, operations, risks]) {
      expect(replayed?.emulator.pendingInteractions()).toEqual([]);
    }
  });

  it('skips DescribeRiskRules with a note when it fails, and operations when no event is pending', async () => {
    const source = await emulatorWith({ alerts: [] });

    const { written, notes } = await recordFrom(source);

    expect(written.map(({ cassette }) => cassette.name)).toEqual(['recorded-describe-susp-events']);
    expect(notes).toEqual([
      'no unhandled alert event: DescribeSecurityEventOperations not recorded',
      expect.stringMatching(/^DescribeRiskRules skipped: ApiError: .*Emulator\.UnexpectedRequest/),
    ]);
    expect(source.count('DescribeSecurityEventOperations')).toBe(0);
  });

  it('records the refusals and retries of a call as they happened', async () => {
    let calls = 0;
    const source = await emulatorWith({
      handlers: {
        DescribeSuspEvents: () =>
          ++calls === 1
            ? {
                status: 400,
                body: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
              }
            : { status: 200, body: { TotalCount: 0, SuspEvents: [] } },
      },
    });

    const { written } = await recordFrom(source);

    const interactions = written[0]?.cassette.interactions ?? [];
    expect(interactions.map(({ response }) => response.status)).toEqual([400, 200]);
    expect(interactions[0]?.response.body).toMatchObject({
      Code: 'Throttling.User',
      Message: 'Request was denied due to user flow control.',
      HostId: expect.any(String),
      RequestId: expect.any(String),
      Recommend: expect.any(String),
    });
    const replayed = await replayFile(written[0]?.file ?? '');
    expect(replayed.emulator.count('DescribeSuspEvents')).toBe(2);
    expect(replayed.emulator.pendingInteractions()).toEqual([]);
  });
});
