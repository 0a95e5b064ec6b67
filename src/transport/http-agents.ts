/**
 * The connection pools (`http.Agent`s) a client sends through: the process-wide keep-alive pools by
 * default, or pools of its own when it has a proxy, trusted authorities (`ca`) or pool settings.
 *
 * @packageDocumentation
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { NetworkConfig } from './network-options.js';
import { TunnelAgent } from './proxy-tunnel.js';

/**
 * One keep-alive pool per protocol for the whole process, shared by every client without network
 * options (as the official client's is). Idle sockets do not keep the process alive. Concurrency is
 * bounded by each client's limiter, not here.
 */
const SHARED = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/**
 * The pool of a client whose endpoint speaks `protocol`:
 * - without a proxy: the process-wide pool of the protocol, or one of the client's own (with `ca` and
 *   the `agent` settings) when it has either;
 * - an https endpoint through a proxy: a {@link TunnelAgent} of the client, pooling tunnels per endpoint;
 * - an http endpoint through a proxy: a pool of connections to the proxy (https to an https proxy).
 *
 * @param tunnelTimeoutMs - How long opening a tunnel may take (the client's per-attempt deadline).
 */
export function agentFor(
  protocol: 'http' | 'https',
  network: NetworkConfig,
  tunnelTimeoutMs: number,
): HttpAgent {
  const { proxy, ca, agent } = network;
  if (proxy === undefined && ca === undefined && agent === undefined) return SHARED[protocol];
  const settings = {
    keepAlive: true,
    ...agent,
    ...(ca === undefined ? {} : { ca: [...ca] }),
  };
  if (proxy === undefined) return protocol === 'https' ? new HttpsAgent(settings) : new HttpAgent(settings);
  if (protocol === 'https') return new TunnelAgent(proxy, { ...settings, tunnelTimeoutMs });
  return proxy.protocol === 'https' ? new HttpsAgent(settings) : new HttpAgent(settings);
}
