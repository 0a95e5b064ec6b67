import { createServer, get, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AlertChangeRecord,
  type AlertEventStream,
  createAlertEventStream,
  deliver,
} from '../../src/index.js';
import { pushFeed, recordedChanges } from '../support/alert-feed.js';
import { until, useFakeClock } from '../support/fake-clock.js';

/** One event as a browser's EventSource would dispatch it, or an id-only frame (no data). */
interface Frame {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string | undefined;
}

/** A client reading a server-sent event stream as EventSource parses it. */
interface Client {
  readonly response: IncomingMessage;
  readonly frames: Frame[];
  /** Comment lines seen (heartbeats). */
  comments: number;
  /** The last id seen, as EventSource keeps it. */
  lastEventId: string | undefined;
  readonly closed: Promise<void>;
  close(): void;
}

async function connect(url: string, lastEventId?: string): Promise<Client> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(url, { headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId } }, resolve).on(
      'error',
      reject,
    );
  });
  const client: Client = {
    response,
    frames: [],
    comments: 0,
    lastEventId,
    closed: new Promise<void>((resolve) => response.once('close', () => resolve())),
    close: () => response.destroy(),
  };
  let pending = '';
  let frame: { id?: string; event?: string; data?: string } = {};
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (line === '') {
        if (Object.keys(frame).length > 0) {
          if (frame.id !== undefined) client.lastEventId = frame.id;
          client.frames.push({ id: frame.id, event: frame.event, data: frame.data });
        }
        frame = {};
      } else if (line.startsWith(':')) {
        client.comments++;
      } else {
        const colon = line.indexOf(':');
        const field = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id' || field === 'event') frame[field] = value;
        if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
      }
    }
  });
  return client;
}

/** The changes a client got, as records. */
function records(client: Client): AlertChangeRecord[] {
  return client.frames
    .filter((frame) => frame.event === undefined && frame.data !== undefined)
    .map((frame) => JSON.parse(frame.data as string) as AlertChangeRecord);
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** An HTTP server on 127.0.0.1 serving `events` at /events. */
async function serve(events: AlertEventStream): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/events') events.serve(request, response);
    else response.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`,
    server,
  };
}

describe('server-sent events over a real HTTP server', () => {
  it('streams each change to every connected client, with its id, as JSON on one line', async () => {
    const events = createAlertEventStream();
    const { url } = await serve(events);
    const feed = pushFeed();
    const delivering = deliver(feed, [events]);
    const first = await connect(url);
    const second = await connect(url);
    expect(first.response.statusCode).toBe(200);
    expect(first.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(first.response.headers['cache-control']).toBe('no-cache, no-transform');
    await until(() => events.clients === 2);

    const { changes, commits } = recordedChanges(3);
    feed.push(...changes);
    await until(() => records(first).length === 3 && records(second).length === 3);
    expect(records(first).map((record) => record.id)).toEqual(changes.map((change) => change.id));
    expect(records(second)[2]).toMatchObject({ kind: 'resolved', alert: { id: changes[2]?.alert.id } });
    const ids = first.frames.map((frame) => frame.id);
    expect(ids[0]).toMatch(/^[\w-]+\.0$/);
    expect(ids.slice(1).map((id) => id?.replace(/^[\w-]+\./, ''))).toEqual(['1', '2', '3']);

    feed.end();
    const summary = await delivering;
    expect(summary.sinks.sse).toEqual({ delivered: 3, deadLettered: 0, batches: expect.any(Number) });
    expect(commits.at(-1)).toBe(changes[2]?.id);
    events.close();
    await Promise.all([first.closed, second.closed]);
    expect(events.clients).toBe(0);
  });

  it('replays what a client missed after its Last-Event-ID, and resets one whose id is too old or unknown', async () => {
    const events = createAlertEventStream({ bufferSize: 5 });
    const { url } = await serve(events);
    const { changes } = recordedChanges(12);
    const signal = new AbortController().signal;
    await events.send(changes.slice(0, 3), { signal });

    const client = await connect(url);
    await until(() => client.frames.length === 1);
    await events.send(changes.slice(3, 5), { signal });
    await until(() => records(client).length === 2);
    const seen = client.lastEventId as string;
    client.close();
    await client.closed;
    await until(() => events.clients === 0);

    // Missed while away: changes 5 to 7 (the buffer holds the latest 5: changes 3 to 7).
    await events.send(changes.slice(5, 8), { signal });
    const back = await connect(url, seen);
    await until(() => records(back).length === 3);
    expect(records(back).map((record) => record.id)).toEqual(changes.slice(5, 8).map((change) => change.id));
    back.close();

    // Too old: its next event (change 3 by position 3) left the buffer once changes 8 to 11 came.
    await events.send(changes.slice(8, 12), { signal });
    const late = await connect(url, seen);
    await until(() => late.frames.length === 1);
    expect(late.frames[0]).toMatchObject({ event: 'reset', data: '{"reason":"expired"}' });
    expect(late.lastEventId).toMatch(/\.12$/);
    // From another stream (a server restarted), or made up.
    for (const id of ['other.3', 'garbage', `${seen.replace(/\.\d+$/, '')}.99`]) {
      const stranger = await connect(url, id);
      await until(() => stranger.frames.length === 1);
      expect(stranger.frames[0]).toMatchObject({ event: 'reset', data: '{"reason":"unknown"}' });
      stranger.close();
    }
    // A reset moved the client to now: resuming from there misses nothing.
    const resumed = await connect(url, late.lastEventId);
    await events.send(changes.slice(0, 1), { signal });
    await until(() => records(resumed).length === 1);
    expect(records(resumed)[0]?.id).toBe(changes[0]?.id);
    events.close();
  });

  it('sends heartbeats while clients are connected, and holds no timer once they are gone', async () => {
    useFakeClock();
    const events = createAlertEventStream({ heartbeatMs: 10_000 });
    const { url, server } = await serve(events);
    const client = await connect(url);
    await until(() => events.clients === 1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await until(() => client.comments === 1);
    await vi.advanceTimersByTimeAsync(20_000);
    await until(() => client.comments === 3);

    client.close();
    await until(() => events.clients === 0);
    expect(vi.getTimerCount()).toBe(0);
    const connections = () =>
      new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    while ((await connections()) > 0) await new Promise((resolve) => setImmediate(resolve));
    events.close();
  });

  it('drops a client that does not read, rather than hold its backlog', async () => {
    const events = createAlertEventStream({ maxQueuedBytes: 1024 });
    const { url } = await serve(events);
    const client = await connect(url);
    client.response.pause();
    await until(() => events.clients === 1);
    const { changes } = recordedChanges(300, 'backlog');
    const signal = new AbortController().signal;
    for (let start = 0; start < changes.length && events.clients > 0; start += 10) {
      await events.send(changes.slice(start, start + 10), { signal });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => events.clients === 0);
    events.close();
  });

  it('answers 405 to other methods and 503 once closed', async () => {
    const events = createAlertEventStream();
    const { url } = await serve(events);
    const status = (method: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        httpRequest(url, { method }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('POST')).toBe(405);
    events.close();
    expect(await status('GET')).toBe(503);
  });
});
