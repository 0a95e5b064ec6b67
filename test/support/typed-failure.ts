import { expect } from 'vitest';
import { failure } from './caught.js';

/** The error `call` rejects with, checked to be a `type`; fails the test when the call succeeds. */
export async function failureOf<T>(
  type: abstract new (...args: never[]) => T,
  call: Promise<unknown>,
): Promise<T> {
  const error = await failure(call);
  expect(error).toBeInstanceOf(type);
  return error as T;
}
