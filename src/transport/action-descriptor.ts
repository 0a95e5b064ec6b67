import type { CheckResult } from '../validation/checks.js';

/** The two products this SDK speaks to. */
export type Product = 'Sas' | 'Sddp';

/**
 * Everything the transport needs to call one RPC action: where it lives, how its parameters are
 * serialized, how its response is validated. One descriptor per action is generated from `spec/`.
 */
export interface ActionDescriptor<Request, Response> {
  /** Product code, `Sas` or `Sddp`. */
  readonly product: Product;
  /** API version, e.g. `2018-12-03`. */
  readonly version: string;
  /** Action name, e.g. `DescribeSuspEvents`. */
  readonly action: string;
  /** HTTP method the official SDKs use. */
  readonly method: 'POST' | 'GET';
  /** API style; all six actions are RPC. */
  readonly style: 'RPC';
  /** Request path; `/` for RPC. */
  readonly pathname: string;
  /** How a request body is encoded when the action has body parameters. */
  readonly reqBodyType: 'formData' | 'json';
  /** How the response body is decoded. */
  readonly bodyType: 'json';
  /** The RAM action a caller needs, e.g. `yundun-sas:HandleSecurityEvents`. */
  readonly ramAction: string;
  /** True when the action changes state; such calls are retried only when nothing can have been applied. */
  readonly mutating: boolean;
  /** Array parameters sent as a repeat list: `Key.1=a&Key.2=b` (objects inside as `Key.1.Sub=v`). */
  readonly repeatListParams: readonly string[];
  /** Array parameters sent as one comma-joined value under the plain key: `Key=a,b`. */
  readonly commaJoinedParams: readonly string[];
  /** Parameters whose value is a string that must already hold JSON. */
  readonly jsonStringParams: readonly string[];
  /** Parameters sent in the form body instead of the query string. */
  readonly bodyParams: readonly string[];
  /**
   * Checks a request before anything is sent: types, required parameters, closed value sets, unknown
   * keys. Returns a copy of the request, or every problem found.
   */
  readonly validateRequest: (request: unknown) => CheckResult<Request>;
  /**
   * Checks a parsed response body and normalizes it in place where the spec documents variations.
   * Returns the body, or every problem found. Unknown fields pass through.
   */
  readonly parseResponse: (body: unknown) => CheckResult<Response>;
}
