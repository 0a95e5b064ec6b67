/**
 * A tiny STS on 127.0.0.1 for the tests of assumed-role credentials: it checks each request's ACS3
 * signature (as `@alicloud/openapi-util` computes it) against the keys it knows, answers `AssumeRole`
 * with the credentials or the refusal the test chooses, and records what it received.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { Util } from './openapi-util.js';

/** An AccessKey pair, with the token of temporary credentials. */
export interface StubKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** One request the stub received. */
export interface StsRequest {
  /** `x-acs-action`. */
  readonly action: string;
  /** `x-acs-version`. */
  readonly version: string;
  /** Query and form parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The AccessKey ID it was signed with. */
  readonly accessKeyId: string;
  /** Whether its signature and body hash matched one of the stub's keys. */
  readonly signatureValid: boolean;
}

/** What the stub answers an `AssumeRole`: credentials, or a refusal. */
export type StsAnswer =
  | { readonly credentials: StubKey; readonly expiration: Date }
  | { readonly status: number; readonly code: string; readonly message: string };

/** A running stub. */
export interface StsStub {
  /** `http://127.0.0.1:<port>`, for an `endpoint`. */
  readonly url: string;
  /** Requests received so far. */
  readonly received: readonly StsRequest[];
}

/**
 * Starts an STS stub for one test (it closes when the test ends). `answer` is asked for each
 * `AssumeRole` that is signed with one of `keys`; a request signed otherwise gets
 * `SignatureDoesNotMatch`.
 */
export async function startStsStub(
  keys: readonly StubKey[],
  answer: (request: StsRequest, index: number) => StsAnswer | Promise<StsAnswer>,
): Promise<StsStub> {
  const received: StsRequest[] = [];
  const server = createServer((message, response) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(message.url ?? '/', 'http://stub');
      const query = Object.fromEntries(url.searchParams);
      const params = { ...query, ...Object.fromEntries(new URLSearchParams(body)) };
      const accessKeyId = /Credential=([^,]+)/.exec(String(message.headers.authorization))?.[1] ?? '';
      const key = keys.find((candidate) => candidate.accessKeyId === accessKeyId);
      const request: StsRequest = {
        action: String(message.headers['x-acs-action']),
        version: String(message.headers['x-acs-version']),
        params,
        accessKeyId,
        signatureValid:
          key !== undefined && signedBy(key, message.method ?? 'POST', query, message.headers, body),
      };
      const index = received.push(request) - 1;
      const reply = (status: number, json: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const requestId = `STS-${index + 1}`;
      if (!request.signatureValid) {
        reply(400, { RequestId: requestId, Code: 'SignatureDoesNotMatch', Message: 'signature mismatch' });
        return;
      }
      const outcome = await answer(request, index);
      if ('code' in outcome) {
        reply(outcome.status, { RequestId: requestId, Code: outcome.code, Message: outcome.message });
        return;
      }
      const session = `${params.RoleArn}/${params.RoleSessionName}`;
      reply(200, {
        RequestId: requestId,
        AssumedRoleUser: { Arn: session, AssumedRoleId: `3445843393649${index}:${params.RoleSessionName}` },
        Credentials: {
          AccessKeyId: outcome.credentials.accessKeyId,
          AccessKeySecret: outcome.credentials.accessKeySecret,
          SecurityToken: outcome.credentials.securityToken,
          Expiration: outcome.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

/** Whether the request carries the ACS3 signature `key` gives it, over the body it carries. */
function signedBy(
  key: StubKey,
  method: string,
  query: Record<string, string>,
  headers: IncomingHttpHeaders,
  body: string,
): boolean {
  const hash = createHash('sha256').update(body).digest('hex');
  if (headers['x-acs-content-sha256'] !== hash) return false;
  if (key.securityToken !== undefined && headers['x-acs-security-token'] !== key.securityToken) return false;
  const signed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && name !== 'authorization') signed[name] = value;
  }
  const expected = Util.getAuthorization(
    { pathname: '/', method, query, headers: signed },
    'ACS3-HMAC-SHA256',
    hash,
    key.accessKeyId,
    key.accessKeySecret,
  );
  return expected === headers.authorization;
}
