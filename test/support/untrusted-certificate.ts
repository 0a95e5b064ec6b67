/** The error of a TLS peer whose certificate no trusted authority signed. */
import { expect } from 'vitest';
import { NetworkError } from '../../src/index.js';

/**
 * Checks that `error` is the `NetworkError` of an untrusted certificate: not sent, not retried, and
 * saying so in a message that names the peer (`could not reach <peer>: its certificate is not trusted`).
 */
export function expectUntrustedCertificate(error: unknown, peer: string | RegExp): void {
  expect(error).toBeInstanceOf(NetworkError);
  expect(error).toMatchObject({
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    delivery: 'notSent',
    retryable: false,
  });
  const text = typeof peer === 'string' ? peer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : peer.source;
  expect((error as Error).message).toMatch(
    new RegExp(`could not reach ${text}: its certificate is not trusted`),
  );
}
