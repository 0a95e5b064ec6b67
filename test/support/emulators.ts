import { afterEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';

/**
 * For a suite whose tests start emulators: returns `start(options)`, which starts one and keeps it to be
 * closed after the test, with every other started in that test.
 */
export function useEmulators(): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((started) => started.close()));
  });
  return async (options = {}) => {
    const started = await startEmulator(options);
    running.push(started);
    return started;
  };
}
