import type { CheckResult } from '../validation/checks.js';

/**
 * The products this SDK speaks to: Security Center (`Sas`) and Data Security Center (`Sddp`), whose alerts
 * and risks it handles, and Security Token Service (`Sts`) and Resource Directory
 * (`ResourceDirectoryMaster`), through which it reaches the accounts of an organization.
 */
export type Product = 'Sas' | 'Sddp' | 'Sts' | 'ResourceDirectoryMaster';

/**
 * One RPC action as the SDK calls it, generated from `spec/` (one descriptor per action): its identity;
 * the `Params` that `@alicloud/openapi-client` takes (`action`, `version`, `method`, `style`, `pathname`,
 * `reqBodyType`, `bodyType`, `authType`; the scheme and host are the client's, not the action's); what
 * error mapping and RAM policies need to know (`ramAction`, `mutating`); how its parameters go on the
 * wire; and how its request and response are validated.
 */
export interface ActionDescriptor<Request, Response> {
  /** Product of the action, e.g. `Sas`. */
  readonly product: Product;
  /** API version, e.g. `2018-12-03`. */
  readonly version: string;
  /** Action name, e.g. `DescribeSuspEvents`. */
  readonly action: string;
  /** HTTP method the official SDKs use. */
  readonly method: 'POST' | 'GET';
  /** API style; every action is RPC. */
  readonly style: 'RPC';
  /** Request path; `/` for RPC. */
  readonly pathname: string;
  /** How a request body is encoded when the action has body parameters. */
  readonly reqBodyType: 'formData' | 'json';
  /** How the response body is decoded. */
  readonly bodyType: 'json';
  /** How a call is authenticated: `AK`, signed with the caller's credentials, as the official SDKs do. */
  readonly authType: 'AK';
  /**
   * The RAM action a caller needs, e.g. `yundun-sas:HandleSecurityEvents`: named in permission errors
   * and listed by `requiredPermissions` and the RAM policies.
   */
  readonly ramAction: string;
  /**
   * True when the action changes state: such a call is retried only when nothing can have been applied,
   * and `READ_ONLY_POLICY` leaves it out.
   */
  readonly mutating: boolean;
  /**
   * Array parameters sent as one comma-joined value under the plain key: `Key=a,b`. Every other array is
   * sent as a repeat list (`Key.1=a&Key.2=b`, objects inside as `Key.1.Sub=v`), and JSON-string
   * parameters as they are, so the serializer needs no list for those.
   */
  readonly commaJoinedParams: readonly string[];
  /** Parameters sent in the form body instead of the query string. */
  readonly bodyParams: readonly string[];
  /**
   * The top-level fields of the response that carry its payload, as the spec documents them (e.g.
   * `['Count', 'CurrentPage', 'PageSize', 'SuspEvents', 'TotalCount']`; an envelope's data field, such as
   * `data`, included); `RequestId` and the error fields (`Code`, `Message`, `HostId`, `Recommend`) are
   * not payload. A 200 whose body has a `Code` and none of these is the service's error, mapped as on a
   * 4xx. When absent, a body with a `Code` and nothing but such envelope fields is read as an error.
   */
  readonly responseKeys?: readonly string[];
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
