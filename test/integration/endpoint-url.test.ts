import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { AlertHandler } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';

const start = useEmulators();

describe('an endpoint given as the URL the emulator prints', () => {
  it('is reached over the protocol of its scheme, with no `protocol` option', async () => {
    const emulator = await start({ state: { alerts: sampleAlerts(3) } });
    const alerts = new AlertHandler({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
    });
    const listed = [];
    for await (const alert of alerts.listAlerts()) listed.push(alert.id);
    expect(listed).toHaveLength(3);
  });
});
