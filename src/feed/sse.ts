/**
 * Server-sent events: a sink that streams the changes it gets to browsers (`EventSource`) over Node's
 * HTTP server, with heartbeats and resumption by `Last-Event-ID` from a bounded buffer.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkOptions } from '../util/check-options.js';
import type { AlertChange } from './change.js';
import { changeRecord } from './change-record.js';
import type { Sink } from './sink.js';

/**
 * Options of {@link createAlertEventStream}.
 *
 * @example
 * ```ts
 * const options: AlertEventStreamOptions = { bufferSize: 500, heartbeatMs: 20_000 };
 * const events = createAlertEventStream(options);
 * ```
 */
export interface AlertEventStreamOptions {
  /**
   * The sink's name in {@link deliver}'s summary.
   *
   * @defaultValue `sse`
   */
  name?: string | undefined;
  /**
   * How many of the latest events are kept to replay to a browser that reconnects.
   *
   * @defaultValue 1000
   */
  bufferSize?: number | undefined;
  /**
   * How often each stream gets a comment line (`:`), so that proxies keep it open and browsers notice
   * a dead connection.
   *
   * @defaultValue 15000
   */
  heartbeatMs?: number | undefined;
  /**
   * The most bytes a slow browser may have waiting to be sent; past it, its stream is closed (it
   * reconnects and resumes from the buffer).
   *
   * @defaultValue 1048576 (1 MiB)
   */
  maxQueuedBytes?: number | undefined;
}

/**
 * A {@link Sink} that streams the changes it gets to every connected browser as server-sent events.
 * Give it to {@link deliver} with the feed, and call {@link AlertEventStream.serve} from your HTTP
 * server's handler for the events URL.
 *
 * Each change is one event: `id:` a position in this stream (`<stream>.<n>`), `data:` the change as an
 * {@link AlertChangeRecord} (JSON on one line), default event type (`message`). A browser that
 * reconnects sends the last id it saw (`Last-Event-ID`, done by `EventSource` itself) and gets the
 * events after it from the buffer (the latest `bufferSize`). When that id is older than the buffer,
 * or from another stream (the server restarted), it gets an `event: reset` instead, with data
 * `{"reason":"expired"}` or `{"reason":"unknown"}` and the current position as id: it missed changes and
 * should reload its state (e.g. list the alerts), then go on with the live events. A new connection
 * gets no replay, only the current position (an `id:` line without data), so that a reconnect after it
 * misses nothing.
 *
 * Changes count as delivered once they are in the buffer and written to the connected streams; the
 * stream cannot know what a browser received.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 *
 * const events = createAlertEventStream({ heartbeatMs: 15_000 });
 * createServer((request, response) => {
 *   if (request.url === '/events') events.serve(request, response);
 *   else response.writeHead(404).end();
 * }).listen(8080);
 * await deliver(feed, [events]);
 * // In the browser: new EventSource('/events').onmessage = (event) => console.log(JSON.parse(event.data));
 * ```
 */
export interface AlertEventStream extends Sink {
  /**
   * Streams events to one browser until it disconnects (or {@link AlertEventStream.close}): answers
   * `200` with `text/event-stream`, replays after its `Last-Event-ID`, then sends the live events and
   * heartbeats. Answers `405` to a method other than GET, `503` once closed. Everything held for the
   * connection is released when it closes.
   *
   * @example
   * ```ts
   * import { createServer } from 'node:http';
   *
   * const events = createAlertEventStream();
   * createServer((request, response) => events.serve(request, response)).listen(8080);
   * ```
   */
  serve(request: IncomingMessage, response: ServerResponse): void;
  /** How many browsers are connected. */
  readonly clients: number;
  /**
   * Ends every stream and stops the heartbeats; later connections get `503`. Browsers reconnect on their
   * own: close the HTTP server too.
   *
   * @example
   * ```ts
   * const events = createAlertEventStream();
   * process.once('SIGTERM', () => events.close());
   * ```
   */
  close(): void;
}

const OPTION_RULES = {
  name: { kind: 'string' },
  bufferSize: { kind: 'integer', min: 1, max: 1_000_000 },
  heartbeatMs: { kind: 'duration', min: 1 },
  maxQueuedBytes: { kind: 'integer', min: 1024, max: Number.MAX_SAFE_INTEGER },
} as const;

/** One event kept for replay: its position and its text. */
interface Kept {
  readonly position: number;
  readonly frame: string;
}

/**
 * A server-sent event stream of alert changes: a sink for {@link deliver} that browsers connect to
 * through {@link AlertEventStream.serve}.
 *
 * @throws {@link ValidationError} for a bad option
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 *
 * const events = createAlertEventStream({ bufferSize: 1000, heartbeatMs: 15_000 });
 * const server = createServer((request, response) => {
 *   if (request.url === '/events') events.serve(request, response);
 *   else response.writeHead(404).end();
 * }).listen(8080);
 * await deliver(feed, [events, sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX' })]);
 * events.close();
 * server.close();
 * ```
 */
export function createAlertEventStream(options?: AlertEventStreamOptions): AlertEventStream {
  checkOptions(options, OPTION_RULES, 'createAlertEventStream');
  const bufferSize = options?.bufferSize ?? 1000;
  const heartbeatMs = options?.heartbeatMs ?? 15_000;
  const maxQueuedBytes = options?.maxQueuedBytes ?? 1024 * 1024;
  /** Names this stream's positions, so that an id from before a restart is not taken for a position here. */
  const streamId = randomBytes(6).toString('base64url');
  const kept: Kept[] = [];
  const clients = new Set<ServerResponse>();
  let position = 0;
  let closed = false;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;

  const write = (client: ServerResponse, text: string) => {
    client.write(text);
    // A browser that does not read: drop it rather than hold its backlog; it resumes when it reconnects.
    if (client.writableLength > maxQueuedBytes) client.destroy();
  };
  const beat = () => {
    heartbeat = undefined;
    for (const client of clients) write(client, ':\n\n');
    if (clients.size > 0) schedule();
  };
  const schedule = () => {
    heartbeat ??= setTimeout(beat, heartbeatMs);
    heartbeat.unref?.();
  };
  const idLine = (at: number) => `id: ${streamId}.${at}\n`;

  /** What a browser that last saw `lastEventId` gets first. */
  const resumeFrom = (lastEventId: string | undefined): string => {
    if (lastEventId === undefined) return `${idLine(position)}\n`;
    const match = /^(.+)\.(\d+)$/.exec(lastEventId.trim());
    const seen = match?.[1] === streamId ? Number(match[2]) : Number.NaN;
    const oldest = kept[0]?.position ?? position + 1;
    if (!(seen <= position)) return reset('unknown');
    if (seen < oldest - 1) return reset('expired');
    return kept
      .filter((event) => event.position > seen)
      .map((event) => event.frame)
      .join('');
  };
  const reset = (reason: 'unknown' | 'expired') =>
    `event: reset\n${idLine(position)}data: ${JSON.stringify({ reason })}\n\n`;

  return {
    name: options?.name ?? 'sse',
    get clients() {
      return clients.size;
    },
    async send(changes: readonly AlertChange[]) {
      for (const change of changes) {
        position++;
        const frame = `${idLine(position)}data: ${JSON.stringify(changeRecord(change))}\n\n`;
        kept.push({ position, frame });
        if (kept.length > bufferSize) kept.shift();
        for (const client of clients) write(client, frame);
      }
      return undefined;
    },
    serve(request: IncomingMessage, response: ServerResponse) {
      if (closed) {
        response.writeHead(503, { 'retry-after': '5' }).end();
        return;
      }
      if (request.method !== 'GET') {
        response.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      const lastEventId = request.headers['last-event-id'];
      clients.add(response);
      response.once('close', () => {
        clients.delete(response);
        if (clients.size === 0 && heartbeat !== undefined) {
          clearTimeout(heartbeat);
          heartbeat = undefined;
        }
      });
      write(response, resumeFrom(typeof lastEventId === 'string' ? lastEventId : undefined));
      schedule();
    },
    close() {
      closed = true;
      for (const client of clients) client.end();
      clients.clear();
      if (heartbeat !== undefined) clearTimeout(heartbeat);
      heartbeat = undefined;
    },
  };
}
