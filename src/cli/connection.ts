/**
 * Where the command connects: `ALERT_HANDLER_ENDPOINT` when it is set (a URL such as the emulator's
 * `http://127.0.0.1:8080`, or a host), else Security Center in the region of `--region`,
 * `ALIBABA_CLOUD_REGION_ID` or `cn-shanghai`; signed with the default credential chain of
 * `@alicloud/credentials`, as the examples do.
 *
 * @packageDocumentation
 */
import { AlertHandler } from '../index.js';

/** The region when neither `--region` nor `ALIBABA_CLOUD_REGION_ID` gives one. */
export const DEFAULT_REGION = 'cn-shanghai';

/** The `--region` option, for the commands' usage. */
export const REGION_OPTION = `  --region <id>               Security Center region. Default: ALIBABA_CLOUD_REGION_ID, else ${DEFAULT_REGION}`;

/** Where the commands connect, for their usage. */
export const CONNECTION_NOTE = `Connection: ALERT_HANDLER_ENDPOINT (an endpoint URL or host, e.g. a local emulator's) wins over
the region. Credentials come from the default chain of @alicloud/credentials: the variables
ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, a CLI profile, an ECS RAM role...`;

/**
 * The alert handler of the environment.
 *
 * @throws {@link ValidationError} when the endpoint or the region is not valid
 */
export function alertHandlerFor(env: NodeJS.ProcessEnv, region: string | undefined): AlertHandler {
  const endpoint = env.ALERT_HANDLER_ENDPOINT;
  if (endpoint !== undefined && endpoint !== '') return new AlertHandler({ endpoint });
  return new AlertHandler({ regionId: region ?? (env.ALIBABA_CLOUD_REGION_ID || DEFAULT_REGION) });
}
