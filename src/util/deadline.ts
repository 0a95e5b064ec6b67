import { AbortError, type Delivery } from '../errors.js';

/**
 * Settles with `work`, unless `deadlineMs` passes first (rejects with `onTimeout()`) or `signal` aborts
 * (rejects with an {@link AbortError}). The abandoned promise's outcome is swallowed.
 */
export function withDeadline<T>(
  work: Promise<T>,
  deadlineMs: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
  action: string,
): Promise<T> {
  if (signal?.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError(action, signal));
  }
  return new Promise<T>((resolve, reject) => {
    // The listener and its cleanup exist only when there is a signal to listen to.
    const onAbort =
      signal &&
      (() => {
        finish();
        reject(abortError(action, signal));
      });
    const finish = () => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      finish();
      reject(onTimeout());
    }, deadlineMs);
    if (onAbort) signal?.addEventListener('abort', onAbort, { once: true });
    // Both outcomes are handled here, so an abandoned `work` never rejects unhandled.
    work.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

/**
 * Waits `ms`, or rejects with an {@link AbortError} as soon as `signal` aborts; `delivery` says what the
 * abort means for the call that waits (`notSent` when it waits before sending).
 */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  action: string,
  delivery?: Delivery,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(action, signal, delivery));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(action, signal, delivery));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The error a call rejects with when its signal aborts: `notSent` when the abort came before the request
 * was handed to the network, `unknown` (the default) when it may already have been sent.
 */
export function abortError(
  action: string,
  signal: AbortSignal | undefined,
  delivery: Delivery = 'unknown',
): AbortError {
  return new AbortError(`${action} was aborted by the caller.`, {
    code: 'Aborted',
    action,
    delivery,
    cause: signal?.reason instanceof Error ? signal.reason : undefined,
  });
}
