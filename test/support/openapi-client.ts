import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { unwrapDefault } from '../../src/transport/interop.js';
import { Util } from './openapi-util.js';

// The real client, unwrapped from its CommonJS module, as the emulator's users call it.

/** What a successful call answers. */
export interface CallResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The part of the official client the tests call. */
export interface OpenApiClient {
  callApi(
    params: OpenApiModule.Params,
    request: OpenApiModule.OpenApiRequest,
    runtime: RuntimeOptions,
  ): Promise<CallResult>;
}

/** What a failed call rejects with: the service code and status, and the parsed error body. */
export interface ClientError extends Error {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
}

const Client = unwrapDefault<new (config: OpenApiModule.Config) => OpenApiClient>(OpenApiModule);

/** API version of Security Center, the default of {@link call}. */
export const SAS_VERSION = '2018-12-03';

/** The credentials and signature algorithm a client signs with. */
export interface ClientConfig {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  signatureAlgorithm?: string;
}

/** A real client of the emulator at `endpoint`, over plain HTTP. */
export function clientFor(endpoint: string, config: ClientConfig): OpenApiClient {
  return new Client(new OpenApiModule.Config({ ...config, endpoint, protocol: 'http' }));
}

/** A form body, an API version other than Security Center's, runtime options. */
export interface CallOptions {
  body?: Record<string, unknown>;
  version?: string;
  runtime?: Record<string, unknown>;
}

/** Calls `action` as the official SDKs call an RPC action: POST, form body, JSON answer. */
export function call(
  client: OpenApiClient,
  action: string,
  query: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<CallResult> {
  const params = new OpenApiModule.Params({
    action,
    version: options.version ?? SAS_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new OpenApiModule.OpenApiRequest({
    query: Util.query(query),
    ...(options.body && { body: options.body }),
  });
  return client.callApi(params, request, new RuntimeOptions(options.runtime ?? {}));
}

/** The error a call rejects with; fails the test when the call succeeds. */
export async function failure(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('The call succeeded but was expected to fail.');
}
