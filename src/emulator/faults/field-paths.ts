/**
 * A path into an answer's body: names joined by `.`, each followed by `[]` (every item of a list) or
 * `[n]` (item `n`, from 0) as often as it holds lists: `TotalCount`, `SuspEvents[].InternetIp`,
 * `SuspEvents[3]`, `data.Items[].RiskId`.
 */
export const FIELD_PATH = /^[A-Za-z_$][\w$]*(\[\d*\])*(\.[A-Za-z_$][\w$]*(\[\d*\])*)*$/;

/** One step of a path: a field by name, every item of a list, or one item. */
type Step = { readonly name: string } | { readonly every: true } | { readonly index: number };

/** Something that holds values: an object (by field name) or a list (by position). */
export type Holder = Record<string, unknown> | unknown[];

/** Where a path leads: the holder and the key of one value, which may be absent. */
export interface Place {
  readonly holder: Holder;
  readonly key: string | number;
}

/** The steps of a path that matches {@link FIELD_PATH}. */
function stepsOf(path: string): Step[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d*)\]/g)].map(([, name, index]) => {
    if (name !== undefined) return { name };
    return index === '' ? { every: true } : { index: Number(index) };
  });
}

/**
 * Every place `path` leads to in `body`: one per item for `[]`. A field is a place wherever the object
 * that would hold it exists, whether or not it has the field; an item is one only where the list has it.
 */
export function placesOf(body: unknown, path: string): Place[] {
  let holders: unknown[] = [body];
  const steps = stepsOf(path);
  const last = steps.pop();
  for (const step of steps) holders = holders.flatMap((holder) => valuesAt(holder, step));
  if (last === undefined) return [];
  return holders.flatMap((holder): Place[] => {
    if ('name' in last)
      return isObject(holder) && last.name !== '__proto__' ? [{ holder, key: last.name }] : [];
    if (!Array.isArray(holder)) return [];
    if ('every' in last) return holder.map((_, key) => ({ holder, key }));
    return last.index < holder.length ? [{ holder, key: last.index }] : [];
  });
}

function valuesAt(holder: unknown, step: Step): unknown[] {
  if ('name' in step) return isObject(holder) && Object.hasOwn(holder, step.name) ? [holder[step.name]] : [];
  if (!Array.isArray(holder)) return [];
  if ('every' in step) return holder;
  return step.index < holder.length ? [holder[step.index]] : [];
}

/** Whether a value is a JSON object (not a list, not `null`). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the value at a place. */
export function valueAt({ holder, key }: Place): unknown {
  return Array.isArray(holder) ? holder[Number(key)] : holder[String(key)];
}

/** Writes the value at a place. */
export function setAt({ holder, key }: Place, value: unknown): void {
  if (Array.isArray(holder)) holder[Number(key)] = value;
  else holder[String(key)] = value;
}
