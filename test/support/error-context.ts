/**
 * The context `mapClientError` and its siblings take, for a read (`DescribeSuspEvents`) or a change
 * (`HandleSecurityEvents`) against the Shanghai endpoint, with redaction left out.
 */
import type { ErrorContext } from '../../src/transport/map-error.js';

/** An error context of a read, or of a change when `mutating`. */
export function errorContext(mutating: boolean): ErrorContext {
  return {
    action: mutating ? 'HandleSecurityEvents' : 'DescribeSuspEvents',
    ramAction: 'yundun-sas:X',
    mutating,
    timeoutMs: 1000,
    redact: (text) => text,
    host: 'tds.cn-shanghai.aliyuncs.com',
  };
}
