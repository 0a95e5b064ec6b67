import { describe, expect, it } from 'vitest';
import { NetworkError, TimeoutError } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';
import { ALERT, failure, faultSetup, ignore } from '../support/fault-emulator.js';

const setup = faultSetup(useEmulators());

describe('neverAnswer', () => {
  it('lets a handler hang a request too', async () => {
    const { emulator, sas } = await setup(
      { handlers: { DescribeSuspEvents: () => ({ status: 200, body: {}, neverAnswer: true }) } },
      { timeoutMs: 150 },
    );

    expect(await failure(sas.describeSuspEvents({}))).toBeInstanceOf(TimeoutError);
    expect(emulator.received[0]).toMatchObject({ status: 0 });
    expect(emulator.received[0]).not.toHaveProperty('fault');
  });
});

describe('close()', () => {
  it('returns at once with hanging requests open, which then fail', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: '*', queue: ['hang', 'hangAfterApply'] }] },
      // Far beyond the test's timeout: close() must end the hanging requests itself.
      { timeoutMs: 600_000 },
    );
    const hanging = [failure(sas.describeSuspEvents({})), failure(sas.handleSecurityEvents(ignore(ALERT)))];
    await expect.poll(() => emulator.count()).toBe(2);

    await emulator.close();

    for (const error of await Promise.all(hanging)) expect(error).toBeInstanceOf(NetworkError);
  });
});
