import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../src/emulator/index.js';
import { type ClientConfig, call, clientFor } from './openapi-client.js';

// Raw HTTP: capture what the client signs, send it again as is.

/** An HTTP request as the client sent it, to send again as is or altered. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** An HTTP answer, its body as text. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Lets the real client sign a request against a throwaway loopback server, and returns it unsent. */
export async function captureSigned(
  config: ClientConfig,
  action: string,
  query: Record<string, unknown> = {},
  body?: Record<string, unknown>,
): Promise<RawRequest> {
  let captured: RawRequest | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'connection') headers[name] = value;
      }
      captured = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers,
        body: Buffer.concat(chunks),
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await call(clientFor(`127.0.0.1:${port}`, config), action, query, body === undefined ? {} : { body });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (captured === undefined) throw new Error('Nothing was captured.');
  return captured;
}

/** Sends `raw` to the emulator byte for byte and returns its answer. */
export function sendRaw(emulator: Emulator, raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: raw.method,
        path: raw.path,
        headers: raw.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(raw.body);
  });
}

/** The `Code` of a JSON error answer. */
export function codeOf(response: RawResponse): unknown {
  return (JSON.parse(response.text) as { Code?: unknown }).Code;
}
