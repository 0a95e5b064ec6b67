/**
 * What the service may send, case by case, as a user of the high-level API meets it: over HTTP against
 * the emulator's response variants, every case is read (with its readings reported) or ends with the
 * typed error it must. Prints the table of cases and how each ended.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  BIG_INT64,
  type EmulatorStateOptions,
  type FaultRule,
  sampleAlerts,
  sampleRisks,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  type Alert,
  AlertHandler,
  InvalidResponseError,
  NoPermissionError,
  ResponseTooLargeError,
  RiskHandler,
  SdkError,
  ThrottlingError,
} from '../../src/index.js';
import type { RequestAuditEvent } from '../../src/transport/options.js';

const ALERTS = sampleAlerts(45, 'hostile');
const RISKS = sampleRisks(12, 'hostile');

/** How one case ended: the alerts or risks read, kept apart and the readings reported, or the error. */
interface Ending {
  readonly read?: number;
  readonly rejected: number;
  readonly notes?: number;
  readonly error?: SdkError;
  readonly requests: number;
}

const table: string[] = [];
afterAll(() => {
  console.log(`hostile responses, over HTTP:\n${table.join('\n')}`);
});

/** Runs `work` against an emulator of the 45 alerts and 12 risks with `faults` and `state`. */
async function run(
  faults: FaultRule[],
  work: (alerts: AlertHandler, risks: RiskHandler, onRejected: () => void) => Promise<number>,
  state: Partial<EmulatorStateOptions> = {},
): Promise<Ending> {
  const emulator = await startEmulator({ state: { alerts: ALERTS, risks: RISKS, ...state }, faults });
  const audit: RequestAuditEvent[] = [];
  const options = {
    endpoint: emulator.endpoint,
    protocol: 'http' as const,
    credential: emulator.credentials,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onAudit: (event: RequestAuditEvent) => audit.push(event),
  };
  let rejected = 0;
  const onRejected = () => {
    rejected++;
  };
  try {
    const read = await work(new AlertHandler(options), new RiskHandler(options), onRejected);
    const notes = audit.reduce((sum, event) => sum + (event.normalized?.length ?? 0), 0);
    return { read, rejected, notes, requests: emulator.received.length };
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    return { error, rejected, requests: emulator.received.length };
  } finally {
    await emulator.close();
  }
}

async function listAll(alerts: AlertHandler, onRejected?: () => void): Promise<Alert[]> {
  const listed: Alert[] = [];
  for await (const alert of alerts.listAlerts({ pageSize: 20, onRejected })) listed.push(alert);
  return listed;
}

function record(name: string, ending: Ending): void {
  const how =
    ending.error === undefined
      ? `read ${ending.read}, kept apart ${ending.rejected}, ${ending.notes} readings reported`
      : `${ending.error.name} ${ending.error.code}`;
  table.push(`  ${name.padEnd(58)} ${how} (${ending.requests} requests)`);
}

describe('responses the official runtime reads are read, each reading reported', () => {
  it('every field null on every page: each alert kept apart and surfaced, the walk goes on to its end', async () => {
    const ending = await run(
      [{ action: 'DescribeSuspEvents', queue: ['nulls', 'nulls', 'nulls'] }],
      async (alerts, _, onRejected) => (await listAll(alerts, onRejected)).length,
    );
    record('listAlerts, every field null on every page', ending);
    expect(ending.error).toBeUndefined();
    expect(ending.rejected).toBe(45);
  });

  it.each<[string, FaultRule]>([
    [
      'one InternetIp null',
      { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[3].InternetIp'] },
    ],
    [
      'numbers as strings',
      { action: 'DescribeSuspEvents', queue: ['numericStrings', 'numericStrings', 'numericStrings'] },
    ],
    [
      'digit strings as numbers',
      {
        action: 'DescribeSuspEvents',
        queue: ['numbersForStrings', 'numbersForStrings', 'numbersForStrings'],
      },
    ],
    [
      'booleans as "true"/"false"',
      { action: 'DescribeSuspEvents', queue: ['booleanStrings', 'booleanStrings', 'booleanStrings'] },
    ],
    [
      'booleans as 1/0',
      { action: 'DescribeSuspEvents', queue: ['booleanNumbers', 'booleanNumbers', 'booleanNumbers'] },
    ],
    [
      'no RequestId',
      { action: 'DescribeSuspEvents', queue: ['missingRequestId', 'missingRequestId', 'missingRequestId'] },
    ],
  ])('%s: listAlerts reads all 45', async (name, rule) => {
    const ending = await run([rule], async (alerts) => (await listAll(alerts)).length);
    record(`listAlerts, ${name}`, ending);
    expect(ending.error).toBeUndefined();
    expect(ending.read).toBe(45);
  });

  it('an int64 beyond 2^53 keeps its exact digits', async () => {
    let sourceAliUid: unknown;
    const ending = await run([{ action: 'DescribeSuspEvents', queue: ['bigInt64'] }], async (alerts) => {
      const [first] = await listAll(alerts);
      sourceAliUid = first?.raw.SourceAliUid;
      return 1;
    });
    record('listAlerts, SourceAliUid beyond 2^53', ending);
    expect(sourceAliUid).toBe(String(BIG_INT64));
  });

  it('an error inside a 200 is retried like the same error on a 4xx, then the walk goes on', async () => {
    const ending = await run([{ action: 'DescribeSuspEvents', queue: ['errorIn200'] }], async (alerts) => {
      return (await listAll(alerts)).length;
    });
    record('listAlerts, Throttling.User inside a 200, once', ending);
    expect(ending.read).toBe(45);
  });
});

describe('listings that page badly always end, never repeat an item, never stop short in silence', () => {
  it.each<[string, EmulatorStateOptions['paging'], string | number]>([
    ['PageSize capped at 10', { maxPageSize: 10 }, 45],
    ['PageSize capped at 10, no TotalCount', { maxPageSize: 10, totalCount: 'omit' }, 45],
    [
      'TotalCount 1000 for 45, pages past the end cycle',
      { totalCount: 1000, beyondEnd: 'cycle' },
      'PageRepeated',
    ],
    ['no TotalCount, always-full pages', { totalCount: 'omit', beyondEnd: 'cycle' }, 'PageRepeated'],
    [
      'no TotalCount, the last page again and again',
      { totalCount: 'omit', beyondEnd: 'repeatLast' },
      'PageRepeated',
    ],
    ['TotalCount 1000 for 45, empty pages after', { totalCount: 1000 }, 'TotalCountNotReached'],
  ])('listAlerts, %s', async (name, paging, expected) => {
    let yielded: Alert[] = [];
    const ending = await run(
      [],
      async (alerts) => {
        for await (const alert of alerts.listAlerts({ pageSize: 20 })) yielded.push(alert);
        return yielded.length;
      },
      { paging },
    );
    record(`listAlerts, ${name}`, ending);
    expect(new Set(yielded.map((alert) => alert.id)).size).toBe(yielded.length);
    if (typeof expected === 'number') expect(ending.read).toBe(expected);
    else expect(ending.error).toMatchObject({ name: 'PagingError', code: expected });
    yielded = [];
  });
});

describe('responses that must end a call end it with the typed error', () => {
  it.each<[string, FaultRule, new (...args: never[]) => SdkError, string]>([
    [
      'NoPermission inside a 200',
      { action: 'DescribeSuspEvents', queue: ['errorIn200'], code: 'NoPermission' },
      NoPermissionError,
      'NoPermission',
    ],
    [
      'Throttling.User inside a 200, every time',
      { action: 'DescribeSuspEvents', rate: 1, kinds: ['errorIn200'] },
      ThrottlingError,
      'Throttling.User',
    ],
    [
      'a 50 MiB answer with a Content-Length',
      { action: 'DescribeSuspEvents', queue: ['oversized'] },
      ResponseTooLargeError,
      'ResponseTooLarge',
    ],
    [
      'a 50 MiB answer sent chunked',
      { action: 'DescribeSuspEvents', queue: ['oversizedChunked'] },
      ResponseTooLargeError,
      'ResponseTooLarge',
    ],
    [
      'JSON nested 100,000 deep',
      { action: 'DescribeSuspEvents', queue: ['deepNesting'] },
      InvalidResponseError,
      'ResponseTooDeep',
    ],
  ])('listAlerts, %s', async (name, rule, type, code) => {
    const ending = await run([rule], async (alerts) => (await listAll(alerts)).length);
    record(`listAlerts, ${name}`, ending);
    expect(ending.error).toBeInstanceOf(type);
    expect(ending.error?.code).toBe(code);
  });

  it.each<[string, FaultRule]>([
    ['Success: false', { action: 'PreHandleAuditRisk', queue: ['successFalse'], code: 'NoPermission' }],
    [
      'success: false, wrapped',
      { action: 'PreHandleAuditRisk', queue: ['wrappedSuccessFalse'], code: 'NoPermission' },
    ],
  ])('handleRisk, %s: a NoPermissionError, not a risk reported handled', async (name, rule) => {
    const ending = await run([rule], async (_, risks) => {
      await risks.handleRisk(String(RISKS[0]?.RiskId), 'Checked: a backup job.');
      return 1;
    });
    record(`handleRisk, ${name}`, ending);
    expect(ending.error).toBeInstanceOf(NoPermissionError);
  });
});
