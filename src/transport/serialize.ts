import type { ActionDescriptor } from './action-descriptor.js';
import { OpenApiUtilModule } from './alicloud.js';
import { unwrapDefault } from './interop.js';

interface OpenApiUtil {
  query(filter: Record<string, unknown>): Record<string, string>;
}

/** A request as it goes on the wire: flat string maps for the query string and the form body. */
export interface WireRequest {
  /** Query parameters, e.g. `{ 'SecurityEventIds.1': '7009607' }`. */
  query: Record<string, string>;
  /** Form body parameters, when the action has any. */
  body: Record<string, string> | undefined;
}

/**
 * Flattens a validated request for the wire with `OpenApiUtil.query`: arrays become `Key.1`, `Key.2`;
 * objects inside arrays `Key.1.Sub`; numbers and booleans strings. Comma-joined arrays are joined first,
 * and body parameters are split off into the form body.
 */
export function toWireRequest<Request>(
  descriptor: ActionDescriptor<Request, unknown>,
  request: Request,
): WireRequest {
  const queryPart: Record<string, unknown> = {};
  let bodyPart: Record<string, unknown> | undefined;
  const fields = request as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    const wireValue =
      Array.isArray(value) && descriptor.commaJoinedParams.includes(key) ? value.join(',') : value;
    if (descriptor.bodyParams.includes(key)) {
      bodyPart ??= {};
      bodyPart[key] = wireValue;
    } else queryPart[key] = wireValue;
  }
  const query = util().query(queryPart);
  // Most actions have no body parameters: skip flattening an empty object.
  const body = bodyPart === undefined ? undefined : util().query(bodyPart);
  return { query, body: body !== undefined && Object.keys(body).length > 0 ? body : undefined };
}

let openApiUtil: OpenApiUtil | undefined;
function util(): OpenApiUtil {
  openApiUtil ??= unwrapDefault<OpenApiUtil>(OpenApiUtilModule);
  return openApiUtil;
}
