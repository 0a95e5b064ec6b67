import * as OpenApiUtilModule from '@alicloud/openapi-util';
import { unwrapDefault } from '../../src/transport/interop.js';

/** The parts of `@alicloud/openapi-util` the tests call to sign and flatten requests as the client does. */
interface OpenApiUtil {
  query(filter: Record<string, unknown>): Record<string, string>;
  getAuthorization(
    request: {
      pathname: string;
      method: string;
      query: Record<string, string>;
      headers: Record<string, string>;
    },
    signatureAlgorithm: string,
    payload: string,
    accessKeyId: string,
    accessKeySecret: string,
  ): string;
  getRPCSignature(signedParams: Record<string, string>, method: string, secret: string): string;
}

/** `@alicloud/openapi-util`, whatever the loader made of its default export. */
export const Util = unwrapDefault<OpenApiUtil>(OpenApiUtilModule);
