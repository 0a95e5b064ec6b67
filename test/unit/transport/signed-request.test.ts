/**
 * The transport builds and signs its requests itself, as `@alicloud/openapi-client` does: the same
 * method, path, query, form body and headers as the official client's request (nonce, date and
 * signature aside), for both signatures, with and without an STS token; and the emulator, which
 * verifies signatures, accepts them byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { DescribeSuspEventsAction } from '../../../src/generated/describe-susp-events.js';
import { HandleSecurityEventsAction } from '../../../src/generated/handle-security-events.js';
import type { ActionDescriptor } from '../../../src/transport/action-descriptor.js';
import type { CredentialModel } from '../../../src/transport/options.js';
import { toWireRequest } from '../../../src/transport/serialize.js';
import { signedRequest, userAgentHeader } from '../../../src/transport/signed-request.js';
import { captureSigned, type RawRequest, sendRaw } from '../../support/signed-http.js';

const STS_KEY = {
  accessKeyId: 'LTAIsignerSts',
  accessKeySecret: 'signer-sts-secret',
  securityToken: 'sts-tok',
};

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    keys: [STS_KEY],
    handlers: {
      DescribeSuspEvents: () => ({ status: 200, body: { RequestId: 'ok' } }),
      HandleSecurityEvents: () => ({ status: 200, body: { RequestId: 'ok' } }),
    },
  });
});
afterAll(() => emulator.close());

/** Header values that differ from request to request (`host`: the official one is captured elsewhere). */
const PER_REQUEST = new Set(['x-acs-date', 'x-acs-signature-nonce', 'authorization', 'host']);
/** Headers of the connection rather than of the request. */
const CONNECTION = new Set(['connection', 'content-length', 'transfer-encoding']);
/** Query parameters that differ from request to request (v1). */
const PER_REQUEST_QUERY = new Set(['Timestamp', 'SignatureNonce', 'Signature']);

interface Case {
  name: string;
  descriptor: ActionDescriptor<unknown, unknown>;
  request: Record<string, unknown>;
  signatureVersion: 'v3' | 'v1';
  sts: boolean;
}

const CASES: Case[] = [];
for (const signatureVersion of ['v3', 'v1'] as const) {
  for (const sts of [false, true]) {
    CASES.push(
      {
        name: `${signatureVersion}${sts ? ' STS' : ''}: a page, with a body parameter and a comma-joined list`,
        descriptor: DescribeSuspEventsAction as ActionDescriptor<unknown, unknown>,
        request: { CurrentPage: 1, PageSize: 20, Levels: 'serious', TacticId: 'T1', SourceAliUids: [1, 2] },
        signatureVersion,
        sts,
      },
      {
        name: `${signatureVersion}${sts ? ' STS' : ''}: a handling call with a repeat list and JSON text`,
        descriptor: HandleSecurityEventsAction as ActionDescriptor<unknown, unknown>,
        request: {
          SecurityEventIds: ['7009607', '7009586'],
          OperationCode: 'block_ip',
          OperationParams: JSON.stringify({ expireTime: 1_800_000_000_000, note: "a b!*'()~" }),
        },
        signatureVersion,
        sts,
      },
    );
  }
}

function credentialOf(sts: boolean): CredentialModel {
  return sts ? { ...STS_KEY, type: 'sts' } : { ...emulator.credentials, type: 'access_key' };
}

/** Path and query of a request path, the query as a map. */
function split(path: string): { pathname: string; query: Record<string, string> } {
  const url = new URL(path, 'http://host');
  return { pathname: url.pathname, query: Object.fromEntries(url.searchParams) };
}

function ours(test: Case, providerName?: string): RawRequest {
  const wire = toWireRequest(test.descriptor, test.request);
  const signed = signedRequest(
    test.descriptor,
    wire,
    { ...credentialOf(test.sts), providerName },
    {
      host: emulator.endpoint,
      userAgent: userAgentHeader(undefined),
      signatureVersion: test.signatureVersion,
    },
  );
  return {
    method: signed.method,
    path: signed.path,
    headers: signed.headers,
    body: Buffer.from(signed.body ?? ''),
  };
}

async function official(test: Case): Promise<RawRequest> {
  const wire = toWireRequest(test.descriptor, test.request);
  const credential = credentialOf(test.sts);
  return captureSigned(
    {
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      securityToken: credential.securityToken,
      signatureAlgorithm: test.signatureVersion === 'v1' ? 'v2' : undefined,
    },
    test.descriptor.action,
    wire.query,
    wire.body,
  );
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

describe('signedRequest', () => {
  it.each(CASES)('builds the request the official client builds ($name)', async (test) => {
    const theirs = await official(test);
    // The official client's own credential provider names itself (`static_ak`); a provider of the SDK's
    // caller does so when it sets `providerName`.
    const mine = ours(test, lowerCased(theirs.headers)['x-acs-credentials-provider']);
    expect(mine.method).toBe(theirs.method);
    expect(mine.body.toString()).toBe(theirs.body.toString());

    const [a, b] = [split(mine.path), split(theirs.path)];
    expect(a.pathname).toBe(b.pathname);
    const stable = (query: Record<string, string>) =>
      Object.fromEntries(Object.entries(query).filter(([key]) => !PER_REQUEST_QUERY.has(key)));
    expect(stable(a.query)).toEqual(stable(b.query));
    expect(Object.keys(a.query).sort()).toEqual(Object.keys(b.query).sort());

    const [mh, th] = [lowerCased(mine.headers), lowerCased(theirs.headers)];
    const names = (headers: Record<string, string>) =>
      Object.keys(headers).filter((name) => !CONNECTION.has(name));
    expect(names(mh).sort()).toEqual(names(th).sort());
    for (const name of names(th)) {
      if (!PER_REQUEST.has(name)) expect([name, mh[name]]).toEqual([name, th[name]]);
    }
    if (test.signatureVersion === 'v3') {
      const signedHeaders = (value: string | undefined) => /SignedHeaders=([^,]*)/.exec(value ?? '')?.[1];
      expect(signedHeaders(mh.authorization)).toBe(signedHeaders(th.authorization));
    }
  });

  it.each(CASES)('is accepted by a server that verifies the signature ($name)', async (test) => {
    const mine = ours(test);
    const answer = await sendRaw(emulator, mine);
    expect(answer.status, answer.text).toBe(200);
  });

  it('sends the User-Agent of the official client, then the caller text', () => {
    expect(userAgentHeader(undefined)).toMatch(/^AlibabaCloud \(.+\) Node\.js\/v\d+.* TeaDSL\/1$/);
    expect(userAgentHeader('alicloud-alert-handler/1.0 mine')).toMatch(
      /TeaDSL\/1 alicloud-alert-handler\/1\.0 mine$/,
    );
  });
});
