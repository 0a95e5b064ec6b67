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
 * objects inside arrays `Key.1.Sub`; numbers and booleans strings. Only the parameters the descriptor
 * lists are rewritten first: comma-joined arrays are joined, and body parameters are moved to the form
 * body. The request itself is left unchanged.
 */
export function toWireRequest<Request>(
  descriptor: ActionDescriptor<Request, unknown>,
  request: Request,
): WireRequest {
  const { commaJoinedParams, bodyParams } = descriptor;
  const fields = request as Record<string, unknown>;
  // Most actions list neither: their request is flattened as it is.
  if (commaJoinedParams.length === 0 && bodyParams.length === 0) {
    return { query: util().query(fields), body: undefined };
  }
  const queryPart: Record<string, unknown> = { ...fields };
  for (const key of commaJoinedParams) {
    const value = queryPart[key];
    if (Array.isArray(value)) queryPart[key] = value.join(',');
  }
  const bodyPart: Record<string, unknown> = {};
  for (const key of bodyParams) {
    if (!Object.hasOwn(queryPart, key)) continue;
    bodyPart[key] = queryPart[key];
    delete queryPart[key];
  }
  const body = util().query(bodyPart);
  return { query: util().query(queryPart), body: Object.keys(body).length > 0 ? body : undefined };
}

let openApiUtil: OpenApiUtil | undefined;
function util(): OpenApiUtil {
  openApiUtil ??= unwrapDefault<OpenApiUtil>(OpenApiUtilModule);
  return openApiUtil;
}
