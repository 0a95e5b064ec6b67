/**
 * The two readers of requests and responses, seen the same way: the plain validators the clients use
 * (`parseResponse` / `validateRequest` of the generated descriptors) and the zod schemas of
 * `alicloud-alert-handler/schemas`. Each reading gives the data, the normalizations made (notes), the
 * items kept apart (rejected) and the issues.
 */
import type { z } from 'zod';
import { type FieldSpec, type ItemSpec, loadSpec, SPEC_DIR } from '../../../scripts/codegen.js';
import { actions } from '../../../src/generated/index.js';
import { schemas } from '../../../src/generated/schemas/index.js';
import type { ActionDescriptor } from '../../../src/transport/action-descriptor.js';
import { normalizations } from '../../../src/validation/notes.js';
import { type RejectedItem, rejectedItems } from '../../../src/validation/rejected.js';

export const spec = loadSpec(SPEC_DIR);
const descriptors = actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>;

/** A problem or a normalization, at its path. */
export interface Note {
  path: readonly (string | number)[];
  message: string;
}

/** What a reader made of a value. */
export type Reading =
  | { success: true; data: unknown; notes: readonly Note[]; rejected: readonly RejectedItem[] }
  | { success: false; issues: readonly Note[] };

export type Side = 'request' | 'response';

export interface Reader {
  name: string;
  read: (action: string, side: Side, value: unknown) => Reading;
}

export const READERS: readonly Reader[] = [
  {
    name: 'validators',
    read: (action, side, value) => {
      const descriptor = descriptors[action];
      if (descriptor === undefined) throw new Error(`no descriptor for ${action}`);
      const result = side === 'request' ? descriptor.validateRequest(value) : descriptor.parseResponse(value);
      if (!result.success) return { success: false, issues: result.issues };
      const data = result.data;
      const rejected = typeof data === 'object' && data !== null ? rejectedItems(data) : [];
      return { success: true, data, notes: result.notes, rejected };
    },
  },
  {
    name: 'zod schemas',
    read: (action, side, value) => {
      const schema = schemas[action as keyof typeof schemas]?.[side] as z.ZodType<unknown> | undefined;
      if (schema === undefined) throw new Error(`no schema for ${action}`);
      const result = schema.safeParse(value);
      if (!result.success) {
        return {
          success: false,
          issues: result.error.issues.map(({ path, message }) => ({
            path: path as (string | number)[],
            message,
          })),
        };
      }
      const data = result.data;
      const object = typeof data === 'object' && data !== null;
      return {
        success: true,
        data,
        notes: object ? normalizations(data) : [],
        rejected: object ? rejectedItems(data) : [],
      };
    },
  },
];

/** The actions that reach the accounts of an organization, added after the issue's measurement. */
export const ACCOUNT_ACTIONS = spec.actions.filter((action) =>
  ['DescribeMonitorAccounts', 'ListAccountsInResourceDirectory', 'AssumeRole', 'ListAccounts'].includes(
    action.action,
  ),
);

/** The Sas handling actions, whose 109 response fields the issue measured. */
export const SAS_ACTIONS = spec.actions.filter(
  (action) => action.product === 'Sas' && !ACCOUNT_ACTIONS.includes(action),
);

/** One step of a field's path: a member name, and whether it is an array whose first item is meant. */
interface Step {
  name: string;
  field: FieldSpec;
  intoItems: boolean;
}

/** The steps to a field: `SuspEvents[].Details[].Value` → SuspEvents (into items), Details (into items), Value. */
export function stepsTo(fields: readonly FieldSpec[], dotted: string): Step[] {
  const steps: Step[] = [];
  let current: readonly FieldSpec[] = fields;
  const parts = dotted.split('.');
  for (const [index, part] of parts.entries()) {
    const intoItems = part.endsWith('[]');
    const name = intoItems ? part.slice(0, -2) : part;
    const field = current.find((candidate) => candidate.name === name);
    if (field === undefined) throw new Error(`no field ${name} in ${dotted}`);
    const last = index === parts.length - 1;
    steps.push({ name, field, intoItems: intoItems || (!last && field.type === 'array') });
    const next: ItemSpec | undefined = field.type === 'array' ? field.items : field;
    current = next?.properties ?? [];
  }
  return steps;
}

/** A body holding `leaf` at the field `dotted` (in the first item of each array on the way), nothing else. */
export function bodyWith(
  fields: readonly FieldSpec[],
  dotted: string,
  leaf: unknown,
): Record<string, unknown> {
  const steps = stepsTo(fields, dotted);
  let inner: unknown = leaf;
  for (const step of [...steps].reverse()) {
    inner =
      step === steps.at(-1) ? { [step.name]: inner } : { [step.name]: step.intoItems ? [inner] : inner };
  }
  return inner as Record<string, unknown>;
}

/** The path of the field `dotted` in {@link bodyWith}'s body, as readers report it (`[..., 0, ...]`). */
export function pathTo(fields: readonly FieldSpec[], dotted: string): (string | number)[] {
  const steps = stepsTo(fields, dotted);
  return steps.flatMap((step, index) =>
    index < steps.length - 1 && step.intoItems ? [step.name, 0] : [step.name],
  );
}

/** The value at `path` in `data`, or undefined. */
export function at(data: unknown, path: readonly (string | number)[]): unknown {
  let current = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
