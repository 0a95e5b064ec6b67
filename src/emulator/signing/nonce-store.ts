/**
 * Remembers signature nonces per AccessKey until they expire, so that a replayed request is refused.
 * Memory is bounded: past `capacityPerKey` live nonces, the oldest is forgotten first.
 */
export class NonceStore {
  readonly #byKey = new Map<string, Map<string, number>>();
  readonly #capacityPerKey: number;

  /** @param capacityPerKey - live nonces kept per key @defaultValue 10000 */
  constructor(capacityPerKey = 10_000) {
    this.#capacityPerKey = capacityPerKey;
  }

  /**
   * Records a nonce until `expiresAt`. Returns `false`, recording nothing, when the key already used the
   * same nonce and it has not expired at `nowMs`.
   */
  use(accessKeyId: string, nonce: string, expiresAt: number, nowMs: number): boolean {
    let nonces = this.#byKey.get(accessKeyId);
    if (nonces === undefined) {
      nonces = new Map();
      this.#byKey.set(accessKeyId, nonces);
    }
    const seenUntil = nonces.get(nonce);
    if (seenUntil !== undefined && seenUntil >= nowMs) return false;
    nonces.delete(nonce);
    if (nonces.size >= this.#capacityPerKey) this.#evict(nonces, nowMs);
    nonces.set(nonce, expiresAt);
    return true;
  }

  #evict(nonces: Map<string, number>, nowMs: number): void {
    for (const [nonce, until] of nonces) if (until < nowMs) nonces.delete(nonce);
    const oldest = nonces.keys().next();
    if (nonces.size >= this.#capacityPerKey && oldest.done !== true) nonces.delete(oldest.value);
  }
}
