/**
 * Where the examples connect, read from the environment, so that each example runs unchanged against
 * your account or against the local emulator:
 *
 * - By default: Security Center in `ALIBABA_CLOUD_REGION_ID` (default `cn-shanghai`), with the default
 *   credential chain of `@alicloud/credentials` (environment variables, CLI profile, ECS RAM role, ...).
 * - With `ALERT_HANDLER_ENDPOINT` set: that endpoint, a URL such as `http://127.0.0.1:8080` (as the
 *   emulator prints it; its scheme gives the protocol) or a host such as `tds.cn-shanghai.aliyuncs.com`
 *   (https). `ALERT_HANDLER_PROTOCOL` (`http` or `https`) is still read; it must agree with the URL's
 *   scheme.
 *   - A loopback endpoint (`127.x.x.x`, `localhost`, `[::1]`) is the emulator: signed with the AccessKey
 *     in `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` when they are set, else
 *     with the emulator's documented test key (`LTAIemulatorTestKey`), which opens nothing else. A
 *     loopback host without a scheme is reached over http.
 *   - Any other endpoint gets the default credential chain, never the test key.
 * - `ALERT_HANDLER_POLL_MS` shortens the pause between task status queries (default 2000 ms). It is
 *   meant for tests against the emulator, which finishes tasks at once; leave it unset otherwise.
 */
import type { AlertHandlerOptions, ClientOptions } from 'alicloud-alert-handler';

/**
 * The emulator's documented test key (`EMULATOR_TEST_KEY` of `alicloud-alert-handler/emulator`), written
 * out so that the examples never load the emulator. It opens a local emulator and nothing else.
 */
export const EMULATOR_TEST_KEY = {
  accessKeyId: 'LTAIemulatorTestKey',
  accessKeySecret: 'emulator-test-secret',
} as const;

/** Client options for `AlertHandler`, `RiskHandler`, `SasClient` and `SddpClient`. */
export function clientOptions(env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const endpoint = env.ALERT_HANDLER_ENDPOINT;
  if (!endpoint) return { regionId: env.ALIBABA_CLOUD_REGION_ID ?? 'cn-shanghai' };

  const scheme = /^(\w+):\/\//.exec(endpoint)?.[1]?.toLowerCase();
  const given = env.ALERT_HANDLER_PROTOCOL || undefined;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new Error(
      `ALERT_HANDLER_ENDPOINT must be an http or https URL or a host, not ${JSON.stringify(endpoint)}.`,
    );
  }
  if (given !== undefined && given !== 'https' && given !== 'http') {
    throw new Error(`ALERT_HANDLER_PROTOCOL must be https or http, not ${JSON.stringify(given)}.`);
  }
  if (scheme !== undefined && given !== undefined && scheme !== given) {
    throw new Error(
      `ALERT_HANDLER_ENDPOINT says ${scheme} but ALERT_HANDLER_PROTOCOL says ${given}: unset ALERT_HANDLER_PROTOCOL, or make them agree.`,
    );
  }
  const loopback = isLoopback(endpoint);
  const protocol = scheme ?? given ?? (loopback ? 'http' : 'https');
  if (!loopback) return { endpoint, protocol };

  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId !== !accessKeySecret) {
    // Name the variables, never their values.
    const missing = accessKeyId ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID';
    throw new Error(
      `${missing} is not set: set both AccessKey variables, or neither for the emulator's test key.`,
    );
  }
  const credential = accessKeyId && accessKeySecret ? { accessKeyId, accessKeySecret } : EMULATOR_TEST_KEY;
  return { endpoint, protocol, credential };
}

/** Whether the endpoint's host is this machine: `127.x.x.x`, `localhost` or `[::1]`. */
export function isLoopback(endpoint: string): boolean {
  const host = endpoint
    .replace(/^\w+:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d*$/, '')
    .toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Options for `AlertHandler`: the client options, English labels, and the poll interval if one is set. */
export function handlerOptions(env: NodeJS.ProcessEnv = process.env): AlertHandlerOptions {
  const pollMs = env.ALERT_HANDLER_POLL_MS;
  return {
    ...clientOptions(env),
    lang: 'en',
    ...(pollMs === undefined ? {} : { poll: { intervalMs: Number(pollMs) } }),
  };
}
