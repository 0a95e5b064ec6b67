/**
 * Limits of what the transport reads, over HTTP against a loopback server: a response size cap with a
 * typed error, memory that stays bounded on a 50 MB body (alone and 8 at once), abandoned requests
 * (aborted or timed out) that close their sockets, JSON nested 100,000 levels deep read as a typed
 * error, and integers beyond 2^53 kept exact. The figures (memory, sockets left open) are printed.
 */
import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  InvalidResponseError,
  NetworkError,
  ResponseTooLargeError,
  ThrottlingError,
  TimeoutError,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { clientsOf, json, type LoopbackHandler, startLoopback, text } from './transport-server.js';

const MiB = 1024 * 1024;
const DEFAULT_MAX_RESPONSE_BYTES = 10 * MiB;
const HANDLE = { SecurityEventIds: ['1'], OperationCode: 'ignore', OperationParams: '{}' } as const;

/** A JSON page of `bytes` bytes: a valid DescribeSuspEvents answer padded with a long `Padding` string. */
function bigPage(bytes: number): Buffer {
  const head =
    '{"RequestId":"big","Count":0,"CurrentPage":1,"PageSize":20,"TotalCount":0,"SuspEvents":[],"Padding":"';
  const tail = '"}';
  const body = Buffer.alloc(bytes, 'x');
  body.write(head, 0);
  body.write(tail, bytes - tail.length);
  return body;
}

/** Writes `body` in 1 MiB chunks, honouring back-pressure; stops quietly when the client goes away. */
function stream(status: number, body: Buffer, declareLength: boolean): LoopbackHandler {
  return async (_request, response) => {
    response.writeHead(status, {
      'content-type': 'application/json;charset=utf-8',
      ...(declareLength ? { 'content-length': String(body.length) } : {}),
    });
    for (let offset = 0; offset < body.length && !response.destroyed; offset += MiB) {
      const more = response.write(body.subarray(offset, offset + MiB));
      if (!more) await drained(response);
    }
    if (!response.destroyed) response.end();
  };
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** Full collections, so that a heap figure is what is live, not what awaits collection. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** Live memory the process holds for JavaScript: heap plus buffers outside it. */
function liveBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Runs `work` while sampling memory every few milliseconds; returns the peak growth over the start. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  collect();
  const base = liveBytes();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, liveBytes());
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, liveBytes());
  return peak - base;
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

describe('response size cap', () => {
  it.each([
    ['chunked, no length', false],
    ['declared Content-Length', true],
  ])('an answer over the default cap (10 MiB) is a ResponseTooLargeError (%s)', async (_name, declared) => {
    const server = await startLoopback(stream(200, bigPage(11 * MiB), declared));
    const { sas, audit } = clientsOf(server);
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({
      name: 'ResponseTooLargeError',
      code: 'ResponseTooLarge',
      action: 'DescribeSuspEvents',
      statusCode: 200,
      retryable: false,
      attempts: 1,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    });
    expect((error as ResponseTooLargeError).receivedBytes).toBeGreaterThan(DEFAULT_MAX_RESPONSE_BYTES);
    expect((error as Error).message).toContain('maxResponseBytes');
    expect(audit.map((event) => [event.outcome, event.error?.code])).toEqual([['error', 'ResponseTooLarge']]);
    // The rest of the body is not read: the connection is closed.
    expect(await server.settled()).toBe(0);
  });

  it('an error answer over the cap is cut as well (a gateway page of 11 MiB)', async () => {
    const server = await startLoopback(stream(502, bigPage(11 * MiB), false));
    const { sas } = clientsOf(server);
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ statusCode: 502, retryable: false });
  });

  it('on a handling call, a too large answer leaves delivery unknown and is not resent', async () => {
    const server = await startLoopback(stream(200, bigPage(11 * MiB), false));
    const { sas } = clientsOf(server);
    const error = await failure(sas.handleSecurityEvents({ ...HANDLE }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ delivery: 'unknown', retryable: false });
    expect((error as Error).message).toMatch(/applied is unknown/);
    expect(server.count('HandleSecurityEvents')).toBe(1);
  });

  it('maxResponseBytes sets the cap: one byte over fails, the cap itself is read', async () => {
    const limit = 4096;
    let size = limit + 1;
    const server = await startLoopback((request, response, action) =>
      stream(200, bigPage(size), true)(request, response, action),
    );
    const { sas } = clientsOf(server, { maxResponseBytes: limit });
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toMatchObject({
      code: 'ResponseTooLarge',
      maxResponseBytes: limit,
      receivedBytes: limit + 1,
    });
    size = limit;
    const page = await sas.describeSuspEvents({});
    expect(page.RequestId).toBe('big');
  });

  it('keeps memory bounded on a 50 MB body, alone and 8 calls at once (figures printed)', async () => {
    const body = bigPage(50 * 1000 * 1000);
    const server = await startLoopback(stream(200, body, false));
    const { sas } = clientsOf(server, { retry: false });
    const one = await peakGrowth(async () => {
      const error = await failure(sas.describeSuspEvents({}));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
    });
    const eight = await peakGrowth(async () => {
      const errors = await Promise.all(Array.from({ length: 8 }, () => failure(sas.describeSuspEvents({}))));
      for (const error of errors) expect(error).toBeInstanceOf(ResponseTooLargeError);
    });
    // The same body read in full when the cap allows it: what a 50 MB answer costs when it is wanted.
    const { sas: roomy } = clientsOf(server, { retry: false, maxResponseBytes: 64 * MiB });
    const whole = await peakGrowth(async () => {
      const page = await roomy.describeSuspEvents({});
      expect(page.RequestId).toBe('big');
    });
    console.log(
      `memory growth on a 50 MB body: ${mb(one)} (default cap, 1 call), ${mb(eight)} (8 calls at once), ` +
        `${mb(whole)} (read in full under a 64 MiB cap); measured the same way before the cap: 200 MiB and 730 MiB`,
    );
    // The body stops being read at the cap: at most a few caps' worth per call, whatever the body's size.
    expect(one).toBeLessThan(3 * DEFAULT_MAX_RESPONSE_BYTES);
    expect(eight).toBeLessThan(8 * 3 * DEFAULT_MAX_RESPONSE_BYTES);
  });
});

describe('abandoned requests close their sockets', () => {
  const CALLS = 50;

  it('aborting calls that have no answer yet closes their 50 keep-alive sockets', async () => {
    const server = await startLoopback(() => {
      // Never answers.
    });
    const { sas } = clientsOf(server, { maxConcurrentRequests: 64, timeoutMs: 60_000 });
    const controller = new AbortController();
    setMaxListeners(CALLS + 1, controller.signal);
    const calls = Array.from({ length: CALLS }, () =>
      failure(sas.describeSuspEvents({}, { signal: controller.signal })),
    );
    while (server.count() < CALLS) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.openSockets()).toBe(CALLS);
    controller.abort();
    for (const error of await Promise.all(calls)) expect(error).toBeInstanceOf(AbortError);
    const left = await server.settled();
    console.log(`sockets left open after ${CALLS} aborted calls: ${left} of ${CALLS} (before: 50 of 50)`);
    expect(left).toBe(0);
  });

  it('calls past their deadline while the answer trickles in close their 50 sockets', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const server = await startLoopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"RequestId":"slow","Padding":"');
      const timer = setInterval(() => {
        if (response.destroyed) clearInterval(timer);
        else response.write('x');
      }, 10);
      timers.add(timer);
      response.on('close', () => clearInterval(timer));
    });
    try {
      const { sas } = clientsOf(server, { maxConcurrentRequests: 64, timeoutMs: 300, retry: false });
      const errors = await Promise.all(
        Array.from({ length: CALLS }, () => failure(sas.describeSuspEvents({}))),
      );
      for (const error of errors) expect(error).toBeInstanceOf(TimeoutError);
      const left = await server.settled();
      console.log(`sockets left open after ${CALLS} timed-out calls: ${left} of ${CALLS}`);
      expect(left).toBe(0);
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it('a socket that served a whole answer stays open for the next call (keep-alive)', async () => {
    const server = await startLoopback(
      json(200, { RequestId: 'ok', Count: 0, CurrentPage: 1, PageSize: 20, TotalCount: 0, SuspEvents: [] }),
    );
    const { sas } = clientsOf(server);
    for (let call = 0; call < 5; call++) await sas.describeSuspEvents({});
    expect(server.acceptedSockets()).toBe(1);
  });
});

describe('deeply nested JSON', () => {
  const DEPTH = 100_000;
  const deepArrays = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
  const deepObjects = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

  it.each([
    ['arrays in an unknown field', `{"RequestId":"r","SuspEvents":[],"Extra":${deepArrays}}`],
    ['objects in an unknown field', `{"RequestId":"r","SuspEvents":[],"Extra":${deepObjects}}`],
    ['a body that is only nesting', deepArrays],
  ])('100,000 levels (%s) are a typed error, not a crash', async (_name, body) => {
    const server = await startLoopback(text(200, body));
    const { sas } = clientsOf(server);
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: 'ResponseTooDeep', retryable: false, attempts: 1 });
  });

  it('in an error answer, too: the code cannot be read, so it is an unreadable answer', async () => {
    const server = await startLoopback(text(400, `{"Code":"Throttling.User","Extra":${deepObjects}}`));
    const { sas } = clientsOf(server);
    const error = await failure(sas.handleSecurityEvents({ ...HANDLE }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).not.toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'ResponseTooDeep', statusCode: 400, delivery: 'unknown' });
  });
});

describe('integers beyond 2^53', () => {
  it('arrive as exact decimal strings; other numbers as numbers', async () => {
    const body =
      '{"RequestId":"r","Count":1,"CurrentPage":1,"PageSize":20,"TotalCount":1,"SuspEvents":[' +
      '{"Id":7009607,"SourceAliUid":1234567890123456789,"Big":-9007199254740993,"Safe":9007199254740991,' +
      '"Ratio":0.5,"Huge":1e300,"Text":"12345678901234567890"}]}';
    const server = await startLoopback(text(200, body));
    const { sas, audit } = clientsOf(server, { retry: false, auditResponseBodies: true });
    await sas.describeSuspEvents({}).catch(() => undefined);
    const response = audit[0]?.response as { SuspEvents: Record<string, unknown>[] };
    expect(response.SuspEvents[0]).toEqual({
      Id: 7009607,
      SourceAliUid: '1234567890123456789',
      Big: '-9007199254740993',
      Safe: 9007199254740991,
      Ratio: 0.5,
      Huge: 1e300,
      Text: '12345678901234567890',
    });
  });
});

describe('answers as a proxy may send them', () => {
  it('reads a gzip answer, and caps what it inflates to, not what it weighs', async () => {
    const page = {
      RequestId: 'zipped',
      Count: 0,
      CurrentPage: 1,
      PageSize: 20,
      TotalCount: 0,
      SuspEvents: [],
    };
    const bomb = gzipSync(bigPage(3 * MiB));
    let body = gzipSync(JSON.stringify(page));
    const server = await startLoopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(body);
    });
    const { sas } = clientsOf(server, { maxResponseBytes: 2 * MiB });
    expect((await sas.describeSuspEvents({})).RequestId).toBe('zipped');
    body = bomb;
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toMatchObject({ code: 'ResponseTooLarge', maxResponseBytes: 2 * MiB });
  });

  it('an answer cut short is a network error; after a handling call, delivery is unknown', async () => {
    const server = await startLoopback((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"RequestId":"cut","HandleSecurityEventsResponse":');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const { sas } = clientsOf(server);
    const error = await failure(sas.handleSecurityEvents({ ...HANDLE }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', delivery: 'unknown', retryable: false });
    expect(server.count('HandleSecurityEvents')).toBe(1);
  });
});
