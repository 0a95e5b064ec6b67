import { randomBytes } from 'node:crypto';
import type { EmulatorKey } from '../types.js';

/**
 * The emulator's default test key: the given ID and secret, or `LTAIemulator` plus random hex and a
 * random secret.
 */
export function defaultKey(accessKeyId?: string, accessKeySecret?: string): EmulatorKey {
  return {
    accessKeyId: accessKeyId ?? `LTAIemulator${randomBytes(6).toString('hex')}`,
    accessKeySecret: accessKeySecret ?? randomBytes(24).toString('base64url'),
  };
}

/** Indexes keys by AccessKey ID; a later key with the same ID replaces an earlier one. */
export function keyRing(keys: readonly EmulatorKey[]): ReadonlyMap<string, EmulatorKey> {
  return new Map(keys.map((key) => [key.accessKeyId, key]));
}
