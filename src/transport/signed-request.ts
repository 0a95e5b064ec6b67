/**
 * A signed RPC request, built as `@alicloud/openapi-client` 0.4 builds it (same headers, same query and
 * form body, its own signing functions from `@alicloud/openapi-util`), but not sent: the transport sends
 * it itself, so that it can cap the answer it reads and close the connection of a call it abandons.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { stringify } from 'node:querystring';
import type { ActionDescriptor } from './action-descriptor.js';
import { OpenApiUtilModule, TeaUtilModule } from './alicloud.js';
import { unwrapDefault } from './interop.js';
import type { CredentialModel } from './options.js';
import type { WireRequest } from './serialize.js';

/** The part of `@alicloud/openapi-util` that signs. */
interface OpenApiUtil {
  getAuthorization(
    request: {
      pathname: string;
      method: string;
      query: Record<string, string>;
      headers: Record<string, string>;
    },
    signatureAlgorithm: string,
    payloadHash: string,
    accessKeyId: string,
    accessKeySecret: string,
  ): string;
  getRPCSignature(signedParams: Record<string, string>, method: string, secret: string): string;
  getTimestamp(): string;
}

/** The part of `@alicloud/tea-util` the official client uses for nonces and its User-Agent. */
interface TeaUtil {
  getNonce(): string;
  getUserAgent(userAgent: string | undefined): string;
}

/** An HTTP request ready to send: everything but the connection. */
export interface SignedRequest {
  /** HTTP method. */
  method: string;
  /** Path and query string, e.g. `/?SecurityEventIds.1=7009607`. */
  path: string;
  /** Headers, `host` and the signature included. */
  headers: Record<string, string>;
  /** Form body, when the action has body parameters. */
  body: string | undefined;
}

/** What the signer needs of the client's settings. */
export interface SigningSettings {
  /** Endpoint host (and port), sent as the `host` header and signed. */
  host: string;
  /** The full User-Agent header (see {@link userAgentHeader}). */
  userAgent: string;
  /** `v3` (ACS3-HMAC-SHA256 in an `Authorization` header) or `v1` (HMAC-SHA1 in the query). */
  signatureVersion: 'v3' | 'v1';
}

const ACS3 = 'ACS3-HMAC-SHA256';
const FORM = 'application/x-www-form-urlencoded';

let openApiUtil: OpenApiUtil | undefined;
let teaUtil: TeaUtil | undefined;
const util = () => (openApiUtil ??= unwrapDefault<OpenApiUtil>(OpenApiUtilModule));
const tea = () => (teaUtil ??= unwrapDefault<TeaUtil>(TeaUtilModule));

/** The User-Agent the official client sends (`AlibabaCloud (linux; x64) Node.js/v20… TeaDSL/1`), then `extra`. */
export function userAgentHeader(extra: string | undefined): string {
  return tea().getUserAgent(extra);
}

/** Builds and signs one request of `descriptor` with `credential`. */
export function signedRequest(
  descriptor: ActionDescriptor<unknown, unknown>,
  wire: WireRequest,
  credential: CredentialModel,
  settings: SigningSettings,
): SignedRequest {
  return settings.signatureVersion === 'v1'
    ? signV1(descriptor, wire, credential, settings)
    : signV3(descriptor, wire, credential, settings);
}

/** ACS3-HMAC-SHA256: action and version in `x-acs-*` headers, the signature in `Authorization`. */
function signV3(
  descriptor: ActionDescriptor<unknown, unknown>,
  wire: WireRequest,
  credential: CredentialModel,
  settings: SigningSettings,
): SignedRequest {
  const headers: Record<string, string> = {
    host: settings.host,
    'x-acs-version': descriptor.version,
    'x-acs-action': descriptor.action,
    'user-agent': settings.userAgent,
    'x-acs-date': util().getTimestamp(),
    'x-acs-signature-nonce': tea().getNonce(),
    accept: 'application/json',
  };
  const body = wire.body === undefined ? undefined : stringify(wire.body);
  if (body !== undefined) headers['content-type'] = FORM;
  const payloadHash = createHash('sha256')
    .update(body ?? '')
    .digest('hex');
  headers['x-acs-content-sha256'] = payloadHash;
  if (credential.providerName) headers['x-acs-credentials-provider'] = credential.providerName;
  const accessKeyId = credential.accessKeyId ?? '';
  if (credential.securityToken) {
    headers['x-acs-accesskey-id'] = accessKeyId;
    headers['x-acs-security-token'] = credential.securityToken;
  }
  headers.Authorization = util().getAuthorization(
    { pathname: descriptor.pathname, method: descriptor.method, query: wire.query, headers },
    ACS3,
    payloadHash,
    accessKeyId,
    credential.accessKeySecret ?? '',
  );
  return { method: descriptor.method, path: withQuery(descriptor.pathname, wire.query), headers, body };
}

/** The legacy RPC signature: `Action`, `Version`, the AccessKey ID and the HMAC-SHA1 signature in the query. */
function signV1(
  descriptor: ActionDescriptor<unknown, unknown>,
  wire: WireRequest,
  credential: CredentialModel,
  settings: SigningSettings,
): SignedRequest {
  const query: Record<string, string> = {
    Action: descriptor.action,
    Format: 'json',
    Version: descriptor.version,
    Timestamp: util().getTimestamp(),
    SignatureNonce: tea().getNonce(),
    ...wire.query,
  };
  const headers: Record<string, string> = {
    host: settings.host,
    'x-acs-version': descriptor.version,
    'x-acs-action': descriptor.action,
    'user-agent': settings.userAgent,
  };
  const body = wire.body === undefined ? undefined : stringify(wire.body);
  if (body !== undefined) headers['content-type'] = FORM;
  if (credential.providerName) headers['x-acs-credentials-provider'] = credential.providerName;
  if (credential.securityToken) query.SecurityToken = credential.securityToken;
  query.SignatureMethod = 'HMAC-SHA1';
  query.SignatureVersion = '1.0';
  query.AccessKeyId = credential.accessKeyId ?? '';
  query.Signature = util().getRPCSignature(
    { ...query, ...wire.body },
    descriptor.method,
    credential.accessKeySecret ?? '',
  );
  return { method: descriptor.method, path: withQuery('/', query), headers, body };
}

function withQuery(pathname: string, query: Record<string, string>): string {
  const text = stringify(query);
  return text === '' ? pathname : `${pathname}?${text}`;
}
