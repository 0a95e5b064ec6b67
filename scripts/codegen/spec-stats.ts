/** Traversal of a loaded spec's fields, and the counts of what it describes. */
import type { FieldSpec, ItemSpec, Spec } from './spec-model.js';

/** Visits every field (depth first, spec order), with its dotted path (`SuspEvents[].Details[].Value`). */
export function walkFields(
  fields: readonly FieldSpec[],
  visit: (field: FieldSpec, path: string, depth: number) => void,
  options: { content?: boolean } = {},
  prefix = '',
  depth = 0,
): void {
  for (const field of fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    visit(field, path, depth);
    const nestedOf = (item: ItemSpec | undefined, at: string): void => {
      if (item === undefined) return;
      if (item.properties !== undefined) walkFields(item.properties, visit, options, at, depth + 1);
      nestedOf(item.items, `${at}[]`);
    };
    nestedOf(field, path);
    if (options.content === true && field.content !== undefined) nestedOf(field.content, `${path}{}`);
  }
}

/** Counts of what the spec describes. */
export interface SpecStats {
  actions: number;
  /** Top-level request parameters. */
  requestParams: number;
  /** Request parameters plus the fields of objects inside request arrays (e.g. `HandleInfoList[].HandleType`). */
  requestFields: number;
  /** Fields documented inside JSON-string parameters (e.g. `OperationParams{}.expireTime`). */
  jsonContentFields: number;
  /** Response fields at every level. */
  responseFields: number;
  perAction: Record<
    string,
    { requestParams: number; requestFields: number; jsonContentFields: number; responseFields: number }
  >;
}

/** Counts the actions, parameters and fields of `spec`, in total and per action. */
export function computeStats(spec: Spec): SpecStats {
  const stats: SpecStats = {
    actions: spec.actions.length,
    requestParams: 0,
    requestFields: 0,
    jsonContentFields: 0,
    responseFields: 0,
    perAction: {},
  };
  for (const action of spec.actions) {
    let requestFields = 0;
    let withContent = 0;
    let responseFields = 0;
    walkFields(action.request, () => {
      requestFields += 1;
    });
    walkFields(action.request, () => (withContent += 1), { content: true });
    walkFields(action.response, () => {
      responseFields += 1;
    });
    const entry = {
      requestParams: action.request.length,
      requestFields,
      jsonContentFields: withContent - requestFields,
      responseFields,
    };
    stats.perAction[action.action] = entry;
    stats.requestParams += entry.requestParams;
    stats.requestFields += entry.requestFields;
    stats.jsonContentFields += entry.jsonContentFields;
    stats.responseFields += entry.responseFields;
  }
  return stats;
}
