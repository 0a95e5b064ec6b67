import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import { type Emulator, readCassette, startEmulator } from '../../src/emulator/index.js';
import { type ClientOptions, SasClient, SddpClient } from '../../src/index.js';

/** Folder of the cassettes under test. */
export const CASSETTES_DIR = fileURLToPath(new URL('../fixtures/cassettes/', import.meta.url));

/** Retry delays short enough for a fast suite; the attempt counts stay the defaults. */
export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 } as const;

/** An emulator replaying one cassette, and real clients pointed at it. */
export interface Replay {
  /** The emulator, serving only the cassette. */
  readonly emulator: Emulator;
  /** Security Center client signed with the emulator's key. */
  readonly sas: SasClient;
  /** Data Security Center client signed with the emulator's key. */
  readonly sddp: SddpClient;
}

/**
 * Starts an emulator that replays `test/fixtures/cassettes/<name>.json` and builds both clients for it,
 * with fast retries and any `options` on top. The emulator closes when the test finishes.
 */
export async function replay(name: string, options: Partial<ClientOptions> = {}): Promise<Replay> {
  const cassette = await readCassette(`${CASSETTES_DIR}${name}.json`);
  const emulator = await startEmulator({ cassettes: [cassette] });
  onTestFinished(() => emulator.close());
  const clientOptions: ClientOptions = {
    endpoint: emulator.endpoint,
    protocol: emulator.protocol,
    credential: emulator.credentials,
    retry: FAST_RETRY,
    ...options,
  };
  return { emulator, sas: new SasClient(clientOptions), sddp: new SddpClient(clientOptions) };
}

/**
 * Asserts that every recorded interaction was requested, and nothing else: no interaction is left and no
 * request was answered `Emulator.UnexpectedRequest` (which names the parameters that differ).
 */
export function expectFullyReplayed(emulator: Emulator): void {
  expect(emulator.received.filter((request) => request.code === 'Emulator.UnexpectedRequest')).toEqual([]);
  expect(emulator.pendingInteractions()).toEqual([]);
}
