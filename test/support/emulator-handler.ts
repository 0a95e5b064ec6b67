import type { EmulatorStateOptions } from '../../src/emulator/index.js';
import { AlertHandler, type AlertHandlerOptions } from '../../src/index.js';
import { useEmulators } from './emulators.js';

/** Polls that end by their count of attempts: the time budget is far away, so a slow machine changes nothing. */
export const FAST_POLL = { intervalMs: 5, maxAttempts: 5, maxWaitMs: 60_000 };

/**
 * For a suite that handles alerts of emulators over HTTP: returns `start(options)`, which starts an
 * emulator closed after the test (see `useEmulators`), and `setup(state, options, seed)`, which starts
 * one of `state` and an `AlertHandler` of it: English, {@link FAST_POLL}, quick retries, then `options`.
 */
export function useEmulatorHandler() {
  const start = useEmulators();
  const setup = async (
    state: EmulatorStateOptions,
    options: Partial<AlertHandlerOptions> = {},
    seed: string | number = 7,
  ) => {
    const emulator = await start({ state, seed });
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      lang: 'en',
      poll: FAST_POLL,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
    return { emulator, alerts };
  };
  return { start, setup };
}

/** The counts of a report in which each of `total` alerts succeeded. */
export function allSucceeded(total: number) {
  return { total, succeeded: total, failed: 0, timedOut: 0, unknown: 0, skipped: 0 };
}
