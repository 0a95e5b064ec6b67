import { describe, expect, it } from 'vitest';
import { clientOptions, isLoopback, EMULATOR_TEST_KEY as WRITTEN_OUT } from '../../examples/connection.js';
import { EMULATOR_TEST_KEY } from '../../src/emulator/index.js';
import { SasClient } from '../../src/index.js';

const KEYS = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAImine', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'my-secret' };

describe('examples/connection.ts', () => {
  it("writes out the emulator's documented test key as it is", () => {
    expect(WRITTEN_OUT).toEqual(EMULATOR_TEST_KEY);
  });

  it('connects to the region without ALERT_HANDLER_ENDPOINT, with the default credential chain', () => {
    expect(clientOptions({})).toEqual({ regionId: 'cn-shanghai' });
    expect(clientOptions({ ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1', ...KEYS })).toEqual({
      regionId: 'ap-southeast-1',
    });
  });

  it('signs with the test key on a loopback URL when no AccessKey is set, over the URL scheme', () => {
    expect(clientOptions({ ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080' })).toEqual({
      endpoint: 'http://127.0.0.1:8080',
      protocol: 'http',
      credential: EMULATOR_TEST_KEY,
    });
    // A loopback host without a scheme is the emulator too: http, not an https handshake that fails.
    expect(clientOptions({ ALERT_HANDLER_ENDPOINT: 'localhost:8080' })).toMatchObject({ protocol: 'http' });
    expect(clientOptions({ ALERT_HANDLER_ENDPOINT: '[::1]:8080' }).credential).toEqual(EMULATOR_TEST_KEY);
  });

  it('signs with the AccessKey in the environment when one is set', () => {
    expect(clientOptions({ ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080', ...KEYS }).credential).toEqual({
      accessKeyId: 'LTAImine',
      accessKeySecret: 'my-secret',
    });
  });

  it('never gives the test key to an endpoint that is not this machine', () => {
    for (const endpoint of [
      'tds.cn-shanghai.aliyuncs.com',
      'https://tds.ap-southeast-1.aliyuncs.com',
      'http://10.0.0.5:8080',
      'http://127.0.0.1.example.com',
    ]) {
      const options = clientOptions({ ALERT_HANDLER_ENDPOINT: endpoint });
      expect(options.credential, endpoint).toBeUndefined();
      expect(options.endpoint).toBe(endpoint);
    }
    expect(clientOptions({ ALERT_HANDLER_ENDPOINT: 'tds.cn-shanghai.aliyuncs.com' }).protocol).toBe('https');
  });

  it('still honours ALERT_HANDLER_PROTOCOL, and refuses one that contradicts the URL', () => {
    expect(
      clientOptions({ ALERT_HANDLER_ENDPOINT: '127.0.0.1:8443', ALERT_HANDLER_PROTOCOL: 'https' }).protocol,
    ).toBe('https');
    expect(
      clientOptions({ ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080', ALERT_HANDLER_PROTOCOL: 'http' })
        .protocol,
    ).toBe('http');
    expect(() =>
      clientOptions({ ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080', ALERT_HANDLER_PROTOCOL: 'https' }),
    ).toThrow(
      'ALERT_HANDLER_ENDPOINT says http but ALERT_HANDLER_PROTOCOL says https: unset ALERT_HANDLER_PROTOCOL, or make them agree.',
    );
    expect(() => clientOptions({ ALERT_HANDLER_ENDPOINT: 'ftp://127.0.0.1' })).toThrow(/http or https URL/);
  });

  it('names the AccessKey variable that is missing, never a value', () => {
    const env = {
      ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'my-secret',
    };
    expect(() => clientOptions(env)).toThrow(
      "ALIBABA_CLOUD_ACCESS_KEY_ID is not set: set both AccessKey variables, or neither for the emulator's test key.",
    );
  });

  it('gives options a client accepts', () => {
    expect(
      () => new SasClient(clientOptions({ ALERT_HANDLER_ENDPOINT: 'http://127.0.0.1:8080' })),
    ).not.toThrow();
    expect(() => new SasClient(clientOptions({ ALERT_HANDLER_ENDPOINT: 'localhost:8080' }))).not.toThrow();
  });

  it.each([
    ['127.0.0.1', true],
    ['http://127.0.0.1:8080/', true],
    ['127.1.2.3:80', true],
    ['LOCALHOST:8080', true],
    ['http://[::1]:8080', true],
    ['http://localhost.example.com', false],
    ['10.0.0.1:8080', false],
    ['tds.cn-shanghai.aliyuncs.com', false],
  ])('isLoopback(%j) is %s', (endpoint, loopback) => {
    expect(isLoopback(endpoint)).toBe(loopback);
  });
});
