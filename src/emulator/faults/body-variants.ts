import { BIG_INT64, type FaultKind } from './fault-kind.js';
import { isObject, placesOf, setAt, valueAt } from './field-paths.js';

/** The response variants that rewrite values of the body, each as it rewrites one value. */
export type FieldVariant = Extract<
  FaultKind,
  'nulls' | 'numericStrings' | 'numbersForStrings' | 'booleanStrings' | 'booleanNumbers' | 'bigInt64'
>;

/** The fields of a body that are never rewritten when a rule names none. */
const REQUEST_IDS: ReadonlySet<string> = new Set(['RequestId', 'requestId']);

/** The paths `bigInt64` rewrites when its rule names none. */
const BIG_INT64_FIELDS: readonly string[] = ['SuspEvents[].SourceAliUid'];

/** An integer in canonical decimal digits that a `number` holds exactly. */
const SAFE_INTEGER = /^-?(0|[1-9]\d{0,15})$/;

/** Rewrites one scalar: the value to send instead, or the value itself. */
const SCALARS: Readonly<Record<Exclude<FieldVariant, 'nulls' | 'bigInt64'>, (value: unknown) => unknown>> = {
  numericStrings: (value) => (typeof value === 'number' ? String(value) : value),
  numbersForStrings: (value) =>
    typeof value === 'string' && SAFE_INTEGER.test(value) && Number.isSafeInteger(Number(value))
      ? Number(value)
      : value,
  booleanStrings: (value) => (typeof value === 'boolean' ? String(value) : value),
  booleanNumbers: (value) => (typeof value === 'boolean' ? Number(value) : value),
};

/**
 * A copy of an answer's body with a response variant applied (see `FAULT_KINDS`): at the places `fields`
 * names, or throughout the body but its `RequestId` when it names none. The body given is left as it
 * is: it may hold the model's own records.
 */
export function variantBody(
  kind: FieldVariant,
  body: Record<string, unknown>,
  fields: readonly string[] | undefined,
): Record<string, unknown> {
  const copy = structuredClone(body);
  if (kind === 'bigInt64') {
    for (const path of fields ?? BIG_INT64_FIELDS) {
      for (const place of placesOf(copy, path)) setAt(place, BIG_INT64);
    }
    return copy;
  }
  const rewrite = kind === 'nulls' ? nullLeaves : deep(SCALARS[kind]);
  if (fields === undefined) {
    for (const [key, value] of Object.entries(copy)) if (!REQUEST_IDS.has(key)) copy[key] = rewrite(value);
    return copy;
  }
  for (const path of fields) {
    for (const place of placesOf(copy, path)) {
      setAt(place, kind === 'nulls' ? null : rewrite(valueAt(place)));
    }
  }
  return copy;
}

/** A scalar rewrite applied to every scalar of a value, however deep. */
function deep(scalar: (value: unknown) => unknown): (value: unknown) => unknown {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, walk(field)]));
    return scalar(value);
  };
  return walk;
}

/**
 * A value with every leaf `null`: scalars and lists of scalars (empty lists included) become `null`;
 * objects and lists of objects keep their shape, their own leaves `null`.
 */
function nullLeaves(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.some((item) => typeof item === 'object' && item !== null) ? value.map(nullLeaves) : null;
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, nullLeaves(field)]));
  }
  return null;
}
