import type { EmulatorReply } from '../http/handler.js';

/**
 * The result of reading or checking part of a request: the value, or the error answer to send
 * instead.
 */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reply: EmulatorReply };

/** A successful {@link Checked}. */
export function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/** A failed {@link Checked}, carrying the error answer. */
export function refuse<T = never>(reply: EmulatorReply): Checked<T> {
  return { ok: false, reply };
}
