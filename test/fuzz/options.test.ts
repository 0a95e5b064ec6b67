/**
 * Every options bag (client, AlertHandler, RiskHandler, listAlerts, plan, execute, resume, waitForTask, handle, recheck,
 * watch, and the nested retry, poll and filter bags) driven with hostile values: each gets a ValidationError naming the
 * option, and nothing reaches the service.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import {
  AlertHandler,
  fileJournal,
  HandlingReport,
  Operations,
  RiskHandler,
  SasClient,
  SddpClient,
  ValidationError,
} from '../../src/index.js';
import { ignorePlan } from '../support/plans.js';

let emulator: Emulator;
let connection: { endpoint: string; protocol: 'http'; credential: Emulator['credentials'] };
beforeAll(async () => {
  emulator = await startEmulator();
  connection = { endpoint: emulator.endpoint, protocol: 'http', credential: emulator.credentials };
});
afterAll(() => emulator.close());

const RUNS = 150;
/** A journal folder never written: resume is refused before it is read. */
const JOURNAL_DIRECTORY = join(tmpdir(), 'alert-journal-never-written');
const ALERT_ID = '7009607';

/** A plan to execute, written by hand: building one would send operation queries. */
const PLAN = ignorePlan([[ALERT_ID]]);

// Values that no option of the kind accepts.
const NOT_A_NUMBER = [Number.NaN, '5', null, true, {}, [], () => 1];
const INTEGER = [...NOT_A_NUMBER, -1, 0, 1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 60];
const DURATION = [...NOT_A_NUMBER, -1, 0, Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 40, 1e300];
const DURATION_FROM_ZERO = [...NOT_A_NUMBER, -1, -0.5, Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 40];
const SIGNAL = [{}, { aborted: false, addEventListener() {} }, new EventTarget(), 'signal', 1, null, true];
const FUNCTION = ['log', 1, {}, null, true, []];
const BOOLEAN = ['yes', 1, 0, null, {}, 'true'];
const STRING = [1, {}, true, null, []];
const STRINGS = ['serious', [1], {}, null, [null]];
const DATE = ['yesterday', new Date(Number.NaN), 0, null, {}];

type Case = readonly [key: string, value: unknown];
const cases = (key: string, values: readonly unknown[]): Case[] => values.map((value) => [key, value]);

const RETRY: Case[] = [
  ...cases('maxAttempts', [...INTEGER, 11]),
  ...cases('baseDelayMs', DURATION_FROM_ZERO),
  ...cases('maxDelayMs', DURATION_FROM_ZERO),
  ...cases('maxElapsedMs', DURATION_FROM_ZERO),
];
const POLL: Case[] = [
  ...cases('intervalMs', DURATION),
  ...cases('maxAttempts', [...INTEGER, 101]),
  ...cases('maxWaitMs', DURATION),
  ...cases('requestTimeoutMs', DURATION),
];
const CLIENT: Case[] = [
  ...cases('regionId', STRING),
  ...cases('endpoint', STRING),
  ...cases('protocol', ['ftp', 'HTTPS', 1, null]),
  ...cases('credential', ['LTAIkey', 1, null, true]),
  ...cases('timeoutMs', DURATION),
  ...cases('retry', [true, 1, 'no', null]),
  ...RETRY.map(([key, value]): Case => ['retry', { [key]: value }]),
  ...cases('maxConcurrentRequests', INTEGER),
  ...cases('maxRequestsPerSecond', [...NOT_A_NUMBER, -1, 0, Number.POSITIVE_INFINITY]),
  ...cases('maxResponseBytes', [...INTEGER, 1023, 512 * 1024 * 1024 + 1]),
  ...cases('userAgent', STRING),
  ...cases('signatureVersion', ['v2', 'V3', 3, null]),
  ...cases('onAudit', FUNCTION),
  ...cases('auditResponseBodies', BOOLEAN),
  ...cases('logger', ['console', 1, null, true, {}, { debug() {}, info() {} }]),
  ...cases('logLevel', ['verbose', 'DEBUG', 1, null]),
];
const HANDLER: Case[] = [
  ...CLIENT,
  ...cases('lang', ['fr', '', 1, null]),
  ...cases('batchSize', [...INTEGER, 101]),
  ...cases('concurrency', [...INTEGER, 65]),
  ...cases('poll', [1, 'fast', null, true]),
  ...POLL.map(([key, value]): Case => ['poll', { [key]: value }]),
];
const CALL: Case[] = [...cases('signal', SIGNAL), ...cases('timeoutMs', DURATION)];
const FILTER: Case[] = [
  ...cases('levels', STRINGS),
  ...cases('dealt', BOOLEAN),
  ...cases('status', ['open', 1, null]),
  ...cases('types', STRINGS),
  ...cases('eventNames', STRINGS),
  ...cases('source', STRING),
  ...cases('assetUuids', STRINGS),
  ...cases('search', STRING),
  ...cases('from', DATE),
  ...cases('to', DATE),
  ...cases('lang', ['fr', 1, null]),
  ...cases('pageSize', [...INTEGER, 101]),
  ...cases('maxItems', INTEGER),
  ...cases('maxPages', INTEGER),
  ...cases('onRejected', FUNCTION),
];
const PLAN_OPTIONS: Case[] = [
  ...cases('batchSize', [...INTEGER, 101]),
  ...cases('concurrency', [...INTEGER, 65]),
  ...cases('signal', SIGNAL),
];
// Journals that are not stores, and lease durations under a second.
const JOURNAL: Case[] = [
  ...cases('journal', ['.alert-handler/journal', 1, null, true, {}, [], { append() {}, read() {} }]),
  ...cases('leaseTtlMs', [...DURATION, 999]),
];
const EXECUTE: Case[] = [
  ...cases('signal', SIGNAL),
  ...cases('onProgress', FUNCTION),
  ...cases('concurrency', [...INTEGER, 65]),
  ...cases('poll', [1, 'fast', null, true]),
  ...POLL.map(([key, value]): Case => ['poll', { [key]: value }]),
  ...cases('reconcileGraceMs', DURATION),
  ...JOURNAL,
];
const WAIT: Case[] = [...POLL, ...cases('signal', SIGNAL), ...cases('onProgress', FUNCTION)];
const HANDLE: Case[] = [
  ...cases('signal', SIGNAL),
  ...cases('onProgress', FUNCTION),
  ...cases('concurrency', [...INTEGER, 65]),
  ...cases('reconcileGraceMs', DURATION),
  ...JOURNAL,
  ...cases('confirm', BOOLEAN),
];
const RECHECK: Case[] = [
  ...cases('signal', SIGNAL),
  ...cases('poll', [1, 'fast', null, true]),
  ...POLL.map(([key, value]): Case => ['poll', { [key]: value }]),
];
// The watch filter: the feed's own fields (its window, statuses and paging) are refused whatever their value.
const WATCH: Case[] = [
  ...cases('filter', [1, 'serious', null, true, []]),
  ...FILTER.map(([key, value]): Case => ['filter', { [key]: value }]),
  ...cases('filter', [{ from: new Date() }, { dealt: false }, { status: 'pending' }, { maxPages: 5 }]),
  ...cases('intervalMs', [...DURATION, 999]),
  ...cases('overlapMs', DURATION_FROM_ZERO),
  ...cases('checkpoint', [...STRING, '', 'Feed', 'feed/cn', '-feed', 'f'.repeat(129)]),
  ...cases('store', ['.alert-handler/journal', 1, null, true, {}, [], { getCheckpoint() {} }]),
  ...cases('maxPagesPerPoll', [...INTEGER, 10_001]),
  ...cases('maxFailedPolls', [...INTEGER, 1001]),
  ...cases('signal', SIGNAL),
  ...cases('startAt', [...DATE, 'later', 'NOW']),
  ...cases('now', FUNCTION),
];
const RISK_FILTER: Case[] = [
  ...cases('status', ['open', 'UNPROCESSED', 1, null]),
  ...cases('pageSize', [...INTEGER, 101]),
  ...cases('maxItems', INTEGER),
  ...cases('maxPages', INTEGER),
  ...cases('onRejected', FUNCTION),
];

/** A key that no bag has (typos of real ones included); its value is irrelevant. */
const unknownKey = (known: readonly string[]) =>
  fc
    .oneof(
      fc.constantFrom(
        'timeout',
        'abortSignal',
        'signals',
        'batchsize',
        'retries',
        'accessKeySecret',
        '__proto__x',
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    .filter((key) => !known.includes(key) && key !== '__proto__')
    .map((key): Case => [key, 1]);

/** Each bag: its hostile cases, its known keys, and how to hand it options. */
const BAGS: readonly {
  name: string;
  cases: readonly Case[];
  known: readonly string[];
  run: (options: Record<string, unknown>) => unknown;
}[] = [
  {
    name: 'SasClient',
    cases: CLIENT,
    known: [...new Set(CLIENT.map(([key]) => key))],
    run: (options) => new SasClient({ ...connection, ...options } as never).describeSuspEvents(),
  },
  {
    name: 'SddpClient',
    cases: CLIENT,
    known: [...new Set(CLIENT.map(([key]) => key))],
    run: (options) => new SddpClient({ ...connection, ...options } as never).describeRiskRules(),
  },
  {
    name: 'AlertHandler',
    cases: HANDLER,
    known: [...new Set([...HANDLER.map(([key]) => key), 'client'])],
    run: (options) => new AlertHandler({ ...connection, ...options } as never).getOperations(ALERT_ID),
  },
  {
    name: 'RiskHandler',
    cases: CLIENT,
    known: [...new Set([...CLIENT.map(([key]) => key), 'client'])],
    run: (options) => new RiskHandler({ ...connection, ...options } as never).listRisks().next(),
  },
  {
    name: 'call options',
    cases: CALL,
    known: ['signal', 'timeoutMs'],
    run: (options) => new SasClient(connection).describeSuspEvents({}, options as never),
  },
  {
    name: 'listAlerts filter',
    cases: FILTER,
    known: [...new Set(FILTER.map(([key]) => key))],
    run: (options) => new AlertHandler(connection).listAlerts(options as never).next(),
  },
  {
    name: 'listAlerts options',
    cases: CALL,
    known: ['signal', 'timeoutMs'],
    run: (options) => new AlertHandler(connection).listAlerts({}, options as never).next(),
  },
  {
    name: 'plan',
    cases: PLAN_OPTIONS,
    known: ['batchSize', 'concurrency', 'signal'],
    run: (options) =>
      new AlertHandler(connection).plan(
        [{ alertId: ALERT_ID, operation: Operations.ignore() }],
        options as never,
      ),
  },
  {
    name: 'execute',
    cases: EXECUTE,
    known: ['signal', 'onProgress', 'concurrency', 'poll', 'reconcileGraceMs', 'journal', 'leaseTtlMs'],
    run: (options) => new AlertHandler(connection).execute(PLAN, options as never),
  },
  {
    name: 'resume',
    cases: EXECUTE,
    known: ['signal', 'onProgress', 'concurrency', 'poll', 'reconcileGraceMs', 'journal', 'leaseTtlMs'],
    run: (options) =>
      new AlertHandler(connection).resume('exec-20261201-081010-3fa9c2d1', {
        journal: fileJournal(JOURNAL_DIRECTORY),
        ...(options as object),
      }),
  },
  {
    name: 'waitForTask',
    cases: WAIT,
    known: [...new Set(WAIT.map(([key]) => key))],
    run: (options) => new AlertHandler(connection).waitForTask(1, [ALERT_ID], options as never),
  },
  {
    name: 'handle',
    cases: HANDLE,
    known: ['signal', 'onProgress', 'concurrency', 'reconcileGraceMs', 'journal', 'leaseTtlMs', 'confirm'],
    run: (options) => new AlertHandler(connection).handle([ALERT_ID], Operations.ignore(), options as never),
  },
  {
    name: 'recheck',
    cases: RECHECK,
    known: ['signal', 'poll'],
    run: (options) =>
      new AlertHandler(connection).recheck(
        new HandlingReport([{ alertId: ALERT_ID, operation: 'ignore', status: 'timedOut', taskId: 1 }]),
        options as never,
      ),
  },
  {
    name: 'watch',
    cases: WATCH,
    known: [...new Set(WATCH.map(([key]) => key))],
    run: (options) => new AlertHandler(connection).watch(options as never).next(),
  },
  {
    name: 'listRisks filter',
    cases: RISK_FILTER,
    known: ['status', 'pageSize', 'maxItems', 'maxPages', 'onRejected'],
    run: (options) => new RiskHandler(connection).listRisks(options as never).next(),
  },
  {
    name: 'handleRisk options',
    cases: CALL,
    known: ['signal', 'timeoutMs'],
    run: (options) =>
      new RiskHandler(connection).handleRisk('75110103', 'Checked: a backup job.', options as never),
  },
];

/** The error the call ends with, thrown at once or as a rejection; `undefined` when it succeeds. */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('options bags refuse hostile values before sending anything', () => {
  for (const bag of BAGS) {
    it(`${bag.name}: ${bag.cases.length} hostile values and unknown keys`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...bag.cases), unknownKey(bag.known)),
          async ([key, value]) => {
            const before = emulator.count();
            const error = await failure(() => bag.run({ [key]: value }));
            expect(error, `${bag.name} { ${key}: ${String(value)} }`).toBeInstanceOf(ValidationError);
            const { field } = error as ValidationError;
            expect(field === key || field?.startsWith(`${key}.`), `${key} named, got ${field}`).toBe(true);
            expect(emulator.count(), `${bag.name} { ${key} } sent a request`).toBe(before);
          },
        ),
        { numRuns: RUNS },
      );
      // Every hand-written case, not only the ones drawn.
      for (const [key, value] of bag.cases) {
        const error = await failure(() => bag.run({ [key]: value }));
        expect(error, `${bag.name} { ${key}: ${String(value)} }`).toBeInstanceOf(ValidationError);
      }
    });
  }

  it('the defects once measured are refused with the option named', async () => {
    const alerts = new AlertHandler(connection);
    const before = emulator.count();
    const cases: [() => unknown, string][] = [
      [() => alerts.execute(PLAN, { concurrency: Number.NaN }), 'concurrency'],
      [() => alerts.execute(PLAN, { poll: { intervalMs: -1 } }), 'poll.intervalMs'],
      [() => new AlertHandler({ ...connection, poll: { intervalMs: -1 } }), 'poll.intervalMs'],
      [() => new SasClient({ ...connection, timeoutMs: 2 ** 31 }), 'timeoutMs'],
      [() => new SasClient({ ...connection, retry: { maxDelayMs: 2 ** 40 } }), 'retry.maxDelayMs'],
      [() => alerts.listAlerts({ pageSize: 20, timeoutMs: 5 } as never), 'timeoutMs'],
    ];
    for (const [run, field] of cases) {
      const error = await failure(run);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).message).toContain(field.split('.').at(-1));
    }
    expect(emulator.count()).toBe(before);
  });
});
