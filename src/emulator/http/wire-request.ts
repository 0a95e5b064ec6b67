import type { IncomingMessage } from 'node:http';
import { readBody } from './read-body.js';

/** One `name=value` pair of a query string or form body, decoded, in wire order. */
export type WirePair = readonly [name: string, value: string];

/** An HTTP request as received, before any interpretation beyond URL and form decoding. */
export interface WireRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path of the request target, still percent-encoded, without the query string. */
  readonly path: string;
  /** Decoded query parameters in wire order (a repeated name appears repeatedly). */
  readonly query: readonly WirePair[];
  /** Every header under its lower-case name, each occurrence kept apart. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** The raw body bytes. */
  readonly body: Buffer;
  /** Decoded form parameters, when the body is `application/x-www-form-urlencoded`. */
  readonly form: readonly WirePair[];
}

/** Reads a request into a {@link WireRequest}, consuming its body. */
export async function readWireRequest(request: IncomingMessage): Promise<WireRequest> {
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const search = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const headers: Record<string, string[]> = Object.create(null);
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    const value = raw[index + 1] as string;
    const values = headers[name];
    if (values === undefined) headers[name] = [value];
    else values.push(value);
  }
  const body = await readBody(request);
  const contentType = headers['content-type']?.[0] ?? '';
  const form =
    body.length > 0 && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? decodePairs(body.toString('utf8'))
      : [];
  return {
    method: request.method ?? 'GET',
    path,
    query: search === '' ? [] : decodePairs(search),
    headers,
    body,
    form,
  };
}

/** Decodes `a=1&b=2` (form encoding: `+` is a space) into pairs, in order. */
function decodePairs(text: string): WirePair[] {
  const pairs: WirePair[] = [];
  new URLSearchParams(text).forEach((value, name) => {
    pairs.push([name, value]);
  });
  return pairs;
}

/** The value of a header, repeated occurrences joined by `,`; `undefined` when absent. */
export function headerValue(request: WireRequest, name: string): string | undefined {
  const values = request.headers[name];
  return values?.length === 1 ? values[0] : values?.join(',');
}

/** The last value of a parameter in the query string or the form body; `undefined` when absent. */
export function paramValue(request: WireRequest, name: string): string | undefined {
  return lastValue(request.form, name) ?? lastValue(request.query, name);
}

function lastValue(pairs: readonly WirePair[], name: string): string | undefined {
  for (let index = pairs.length - 1; index >= 0; index--) {
    const [key, value] = pairs[index] as WirePair;
    if (key === name) return value;
  }
  return undefined;
}
