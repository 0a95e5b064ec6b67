/**
 * Which forward proxy a client goes through: its `proxy` option, else the environment (read once, when
 * the client is built), parsed into what the connection code needs. The proxy's credentials become a
 * `Proxy-Authorization` header; only `host:port` is ever printed.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { ResolvedEndpoint } from './endpoint.js';
import { isLoopbackHost, noProxyMatches } from './no-proxy.js';

/** A forward proxy, parsed once per client. */
export interface ProxyServer {
  /** How the client talks to the proxy itself. */
  readonly protocol: 'http' | 'https';
  /** Host name or address, without brackets. */
  readonly hostname: string;
  readonly port: number;
  /** `host:port` (`[v6]:port`): how messages name the proxy, never with its credentials. */
  readonly address: string;
  /** `Basic …` of the URL's user and password, when it has a user. */
  readonly authorization: string | undefined;
  /** Where the proxy came from: `proxy` (the option) or the environment variable's name. */
  readonly source: string;
}

/** The environment a client reads its proxy from (`process.env`). */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The proxy of a client whose endpoint is `endpoint`:
 * - the `proxy` option when given: a URL (string or `URL`), or `false` for none (the environment is then
 *   not read); it applies to every endpoint, loopback and `NO_PROXY` hosts included;
 * - else `https_proxy` (then `HTTPS_PROXY`) for an https endpoint, `http_proxy` (then `HTTP_PROXY`) for an
 *   http one: the lowercase variable wins whenever it is set, and a variable set empty means no proxy;
 *   the endpoint skips it when it is a loopback host ({@link isLoopbackHost}) or `no_proxy` (then
 *   `NO_PROXY`) exempts it ({@link noProxyMatches}).
 *
 * @throws {@link ValidationError} (field `proxy`) when the option, or the variable used, is not an
 *   `http://` or `https://` proxy URL
 */
export function resolveProxy(
  option: unknown,
  endpoint: ResolvedEndpoint,
  env: ProxyEnvironment,
): ProxyServer | undefined {
  if (option === false) return undefined;
  if (option !== undefined) {
    if (typeof option !== 'string' && !(option instanceof URL)) {
      throw new ValidationError(
        '`proxy` must be a proxy URL (a string or a URL, e.g. http://proxy.example.com:3128) or false.',
        { field: 'proxy' },
      );
    }
    return parseProxyUrl(String(option), 'proxy');
  }
  const name = endpoint.protocol === 'https' ? 'https_proxy' : 'http_proxy';
  const [source, value] = firstSet(env, [name, name.toUpperCase()]);
  if (source === undefined || value === '') return undefined;
  const { hostname, port } = new URL(`${endpoint.protocol}://${endpoint.host}`);
  const targetPort = port === '' ? (endpoint.protocol === 'https' ? 443 : 80) : Number(port);
  if (isLoopbackHost(hostname)) return undefined;
  const [, noProxy = ''] = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxyMatches(noProxy, hostname, targetPort)) return undefined;
  return parseProxyUrl(value ?? '', source);
}

/** The first of `names` set in `env` (an empty value counts as set), and its value. */
function firstSet(env: ProxyEnvironment, names: readonly string[]): [string | undefined, string | undefined] {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return [name, value];
  }
  return [undefined, undefined];
}

const DEFAULT_PORTS = { http: 80, https: 443 } as const;

/** Parses a proxy URL; one without scheme (`proxy.corp:3128`) is an http proxy, as curl reads it. */
function parseProxyUrl(value: string, source: string): ProxyServer {
  const where = source === 'proxy' ? '`proxy`' : `The environment variable ${source}`;
  const text = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new ValidationError(
      `${where} names a ${scheme} proxy, which is not supported: give an http:// or https:// proxy URL.`,
      { field: 'proxy' },
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(scheme === undefined ? `http://${text}` : text);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.hostname === '') {
    throw new ValidationError(
      `${where} is not a proxy URL: ${JSON.stringify(withoutCredentials(text))}. ` +
        'Give one such as http://proxy.example.com:3128 (or http://user:password@proxy.example.com:3128).',
      { field: 'proxy' },
    );
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? DEFAULT_PORTS[protocol] : Number(url.port);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = percentDecoded(url.username);
  return {
    protocol,
    hostname,
    port,
    address: `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    authorization:
      user === ''
        ? undefined
        : `Basic ${Buffer.from(`${user}:${percentDecoded(url.password)}`).toString('base64')}`,
    source,
  };
}

/** `text` percent-decoded; as it is when it holds a `%` that starts no escape. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The URL with whatever stands before an `@` in its authority replaced by `***`. */
function withoutCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1***@');
}
