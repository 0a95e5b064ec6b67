import { expect } from 'vitest';
import type { z } from 'zod';
import { actions } from '../../src/generated/index.js';
import { schemas } from '../../src/generated/schemas/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';

const descriptors = actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>;

/** Checks `value` as the request or response of `action`: the parsed data, or the issues with their paths. */
export type Check = (
  action: string,
  side: 'request' | 'response',
  value: unknown,
) =>
  | { success: true; data: unknown }
  | { success: false; issues: readonly { path: readonly (string | number)[]; message: string }[] };

/** The two implementations of every check: the plain validators the clients use, and the zod schemas. */
export const IMPLEMENTATIONS: { name: string; check: Check }[] = [
  {
    name: 'validators',
    check: (action, side, value) => {
      const descriptor = descriptors[action];
      if (descriptor === undefined) throw new Error(`no descriptor for ${action}`);
      const result = side === 'request' ? descriptor.validateRequest(value) : descriptor.parseResponse(value);
      return result.success ? result : { success: false, issues: result.issues };
    },
  },
  {
    name: 'zod schemas',
    check: (action, side, value) => {
      const schema = schemas[action as keyof typeof schemas]?.[side] as z.ZodType<unknown> | undefined;
      if (schema === undefined) throw new Error(`no schema for ${action}`);
      const result = schema.safeParse(value);
      return result.success
        ? { success: true, data: result.data }
        : {
            success: false,
            issues: result.error.issues.map(({ path, message }) => ({
              path: path as (string | number)[],
              message,
            })),
          };
    },
  },
];

/**
 * Expectations on one implementation: `issuesOf` returns the issues of a value it must reject, `parsed`
 * the data of a value it must accept.
 */
export function expectationsOf(check: Check) {
  function issuesOf(action: string, side: 'request' | 'response', value: unknown) {
    const result = check(action, side, value);
    expect(result.success, 'expected the value to be rejected').toBe(false);
    return result.success ? [] : result.issues;
  }

  // biome-ignore lint/suspicious/noExplicitAny: each test knows the shape it parsed.
  function parsed(action: string, side: 'request' | 'response', value: unknown): any {
    const result = check(action, side, value);
    if (!result.success) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
    return result.data;
  }

  return { issuesOf, parsed };
}
