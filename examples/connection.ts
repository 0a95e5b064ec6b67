/**
 * Where the examples connect, read from the environment, so that each example runs unchanged against
 * your account or against the local emulator:
 *
 * - By default: Security Center in `ALIBABA_CLOUD_REGION_ID` (default `cn-shanghai`), with the default
 *   credential chain of `@alicloud/credentials` (environment variables, CLI profile, ECS RAM role, ...).
 * - With `ALERT_HANDLER_ENDPOINT` set (e.g. `127.0.0.1:8080`): that endpoint, over
 *   `ALERT_HANDLER_PROTOCOL` (default `https`), signed with the AccessKey in
 *   `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`.
 * - `ALERT_HANDLER_POLL_MS` shortens the pause between task status queries (default 2000 ms). It is
 *   meant for tests against the emulator, which finishes tasks at once; leave it unset otherwise.
 */
import type { AlertHandlerOptions, ClientOptions } from 'alicloud-alert-handler';

/** Client options for `AlertHandler`, `RiskHandler`, `SasClient` and `SddpClient`. */
export function clientOptions(env: NodeJS.ProcessEnv = process.env): ClientOptions {
  const endpoint = env.ALERT_HANDLER_ENDPOINT;
  if (!endpoint) return { regionId: env.ALIBABA_CLOUD_REGION_ID ?? 'cn-shanghai' };

  const protocol = env.ALERT_HANDLER_PROTOCOL ?? 'https';
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (protocol !== 'https' && protocol !== 'http') {
    throw new Error(`ALERT_HANDLER_PROTOCOL must be https or http, not ${JSON.stringify(protocol)}.`);
  }
  if (!accessKeyId || !accessKeySecret) {
    // Name the variables, never their values.
    throw new Error(
      'ALERT_HANDLER_ENDPOINT is set: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET too.',
    );
  }
  return { endpoint, protocol, credential: { accessKeyId, accessKeySecret } };
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
