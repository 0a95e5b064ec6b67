import type { GatewayFailure } from '../errors.js';
import type { SignatureVersion } from '../types.js';

/** What a request says about who signed it, read before any key is looked up. */
export interface SignatureClaim {
  /** The signature scheme used. */
  readonly signatureVersion: SignatureVersion;
  /** The AccessKey ID the request names. */
  readonly accessKeyId: string;
  /** The signing timestamp, as sent. */
  readonly timestamp: string;
  /** The signature nonce, as sent. */
  readonly nonce: string;
  /** The STS token sent, if any. */
  readonly securityToken: string | undefined;
  /** Checks the signature (and, for ACS3, the body hash) with the named key's secret. */
  verify(accessKeySecret: string): GatewayFailure | undefined;
}

/** Tells a {@link GatewayFailure} from a successful read. */
export function isFailure<T extends object>(value: T | GatewayFailure): value is GatewayFailure {
  return 'code' in value;
}
