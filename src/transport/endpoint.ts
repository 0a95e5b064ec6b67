import { ValidationError } from '../errors.js';
import type { Product } from './action-descriptor.js';

/** Where a client sends its requests. */
export interface ResolvedEndpoint {
  /** Host (and port), without scheme. */
  host: string;
  /** `https`, or `http` for a local emulator. */
  protocol: 'https' | 'http';
}

const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Resolves the endpoint of a product: an explicit `endpoint` wins (a host with an optional port, or a URL
 * of one, whose scheme gives the protocol); otherwise `regionId` is looked up in the product's region
 * map. Fails with a {@link ValidationError} that says what to set.
 */
export function resolveEndpoint(
  product: Product,
  regionMap: Readonly<Record<string, string>>,
  options: {
    regionId?: string | undefined;
    endpoint?: string | undefined;
    protocol?: 'https' | 'http' | undefined;
  },
): ResolvedEndpoint {
  const given = options.protocol;
  if (given !== undefined && given !== 'https' && given !== 'http') {
    throw new ValidationError(`\`protocol\` must be 'https' or 'http', not ${JSON.stringify(given)}.`, {
      field: 'protocol',
    });
  }
  if (options.endpoint !== undefined) {
    // A URL as the emulator prints it (`http://127.0.0.1:8080`) names its protocol.
    const scheme = /^(https?):\/\//i.exec(options.endpoint)?.[1]?.toLowerCase() as
      | 'https'
      | 'http'
      | undefined;
    if (scheme !== undefined && given !== undefined && scheme !== given) {
      throw new ValidationError(
        `\`endpoint\` says ${scheme} but \`protocol\` says ${given}: give one of them, or make them agree.`,
        { field: 'protocol' },
      );
    }
    const host = options.endpoint.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
    if (!HOST_PATTERN.test(host)) {
      throw new ValidationError(
        `\`endpoint\` must be a host with an optional port, or a URL of one, e.g. 'tds.cn-shanghai.aliyuncs.com', '127.0.0.1:8080' or 'http://127.0.0.1:8080'; got ${JSON.stringify(options.endpoint)}.`,
        { field: 'endpoint' },
      );
    }
    return { host, protocol: scheme ?? given ?? 'https' };
  }
  const protocol = given ?? 'https';
  if (options.regionId === undefined || options.regionId === '') {
    throw new ValidationError(
      `No endpoint for ${product}: set \`regionId\` (one of ${Object.keys(regionMap).slice(0, 4).join(', ')}, …) or an explicit \`endpoint\`.`,
      { field: 'regionId' },
    );
  }
  // Own entries only: a region id such as `toString` must not find an inherited member.
  const host = Object.hasOwn(regionMap, options.regionId) ? regionMap[options.regionId] : undefined;
  if (host === undefined) {
    throw new ValidationError(
      `${product} has no documented endpoint in region ${JSON.stringify(options.regionId)}. ` +
        `Use one of: ${Object.keys(regionMap).join(', ')}; or set \`endpoint\` explicitly.`,
      { field: 'regionId' },
    );
  }
  return { host, protocol };
}
