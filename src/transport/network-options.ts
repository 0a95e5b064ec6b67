/**
 * The network options of a client (`proxy`, `ca`, `agent`), checked and resolved once, when the client
 * is built; the environment's proxy variables are read then.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { OptionRules } from '../util/check-options.js';
import { describeValue } from '../util/describe-value.js';
import type { ResolvedEndpoint } from './endpoint.js';
import type { ClientOptions, HttpAgentOptions } from './options.js';
import { type ProxyEnvironment, type ProxyServer, resolveProxy } from './proxy.js';

/** Rules of {@link HttpAgentOptions}. */
const AGENT_OPTION_RULES: OptionRules = {
  keepAlive: { kind: 'boolean' },
  keepAliveMsecs: { kind: 'duration', min: 1 },
  maxSockets: { kind: 'integer', min: 1, max: 65_536 },
  maxFreeSockets: { kind: 'integer', min: 1, max: 65_536 },
};

/** Rules of the network options of {@link ClientOptions}; `proxy` and `ca` are checked by {@link resolveNetwork}. */
export const NETWORK_OPTION_RULES: OptionRules = {
  proxy: { kind: 'any' },
  ca: { kind: 'any' },
  agent: { kind: 'object', rules: AGENT_OPTION_RULES },
};

/** How a client connects: through which proxy, trusting which authorities, over which pools. */
export interface NetworkConfig {
  /** The forward proxy, when one applies to the endpoint. */
  readonly proxy: ProxyServer | undefined;
  /** The trusted authorities, when given. */
  readonly ca: readonly (string | Buffer)[] | undefined;
  /** Pool settings of the client's own pools, when given. */
  readonly agent: Readonly<HttpAgentOptions> | undefined;
}

/**
 * Checks `proxy` and `ca` (the other options passed {@link NETWORK_OPTION_RULES}) and picks the proxy.
 *
 * @throws {@link ValidationError} when `proxy` or `ca` is invalid, or the proxy variable used is
 */
export function resolveNetwork(
  options: Pick<ClientOptions, 'proxy' | 'ca' | 'agent'>,
  endpoint: ResolvedEndpoint,
  env: ProxyEnvironment,
): NetworkConfig {
  return {
    proxy: resolveProxy(options.proxy, endpoint, env),
    ca: certificates(options.ca),
    agent: options.agent,
  };
}

function certificates(ca: unknown): readonly (string | Buffer)[] | undefined {
  if (ca === undefined) return undefined;
  const list: unknown[] = Array.isArray(ca) ? ca : [ca];
  const bad = list.find((item) => typeof item !== 'string' && !Buffer.isBuffer(item));
  if (bad !== undefined || list.length === 0) {
    throw new ValidationError(
      `\`ca\` must be a PEM certificate (a string or a Buffer) or a non-empty array of them, got ${describeValue(bad ?? ca)}.`,
      { field: 'ca' },
    );
  }
  return list as (string | Buffer)[];
}
