import type { EmulatorProduct, SignatureVersion } from './http/handler.js';
import { headerValue, paramValue, type WireRequest } from './http/wire-request.js';

/** The API version of each product. */
export const PRODUCT_BY_VERSION: Readonly<Record<string, EmulatorProduct>> = {
  '2018-12-03': 'Sas',
  '2019-01-03': 'Sddp',
  '2015-04-01': 'Sts',
  '2022-04-19': 'ResourceDirectoryMaster',
};

/** The actions the emulator knows, per product. */
export const ACTIONS_BY_PRODUCT: Readonly<Record<EmulatorProduct, readonly string[]>> = {
  Sas: [
    'DescribeSuspEvents',
    'DescribeSecurityEventOperations',
    'HandleSecurityEvents',
    'DescribeSecurityEventOperationStatus',
    'DescribeMonitorAccounts',
    'ListAccountsInResourceDirectory',
  ],
  Sddp: ['DescribeRiskRules', 'PreHandleAuditRisk'],
  Sts: ['AssumeRole'],
  ResourceDirectoryMaster: ['ListAccounts'],
};

/** Parameters that belong to the signature or the envelope, not to the action. */
export const SIGNING_PARAMS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
]);

/** The action and version a request names, from the ACS3 headers or the v1 parameters. */
export function namedApi(
  request: WireRequest,
  signatureVersion: SignatureVersion | undefined,
): { action: string; version: string } {
  const fromHeaders = signatureVersion !== 'v1' && headerValue(request, 'x-acs-action') !== undefined;
  return fromHeaders
    ? {
        action: headerValue(request, 'x-acs-action') ?? '',
        version: headerValue(request, 'x-acs-version') ?? '',
      }
    : { action: paramValue(request, 'Action') ?? '', version: paramValue(request, 'Version') ?? '' };
}

/** The product serving an action at a version, or `undefined` when the emulator knows no such API. */
export function productOf(action: string, version: string): EmulatorProduct | undefined {
  const product = PRODUCT_BY_VERSION[version];
  return product !== undefined && ACTIONS_BY_PRODUCT[product].includes(action) ? product : undefined;
}

/**
 * The action's parameters: query and form body merged (the body wins on a clash), signing fields left
 * out, names and values exactly as on the wire.
 */
export function actionParams(request: WireRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pairs of [request.query, request.form]) {
    for (const [name, value] of pairs) {
      if (SIGNING_PARAMS.has(name)) continue;
      if (name !== '__proto__') params[name] = value;
      // Defined rather than assigned, so that a parameter of that name is a parameter like any other.
      else
        Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return params;
}
