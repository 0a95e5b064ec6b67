/** A job's lease while a worker runs it: renewed every third of its duration until released. */
import type { Lease, Store } from '../stores/store.js';

/**
 * A lease a worker holds on a job, renewed every third of `ttlMs`. Once a renewal finds it lost (it
 * expired and another worker took the job), {@link JobLease.lost} says so, and every write fenced by
 * {@link JobLease.current} is refused by the store.
 */
export class JobLease {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #renewal: ReturnType<typeof setInterval>;
  #lease: Lease;
  #lost = false;
  #renewing: Promise<void> = Promise.resolve();

  constructor(store: Store, lease: Lease, ttlMs: number) {
    this.#store = store;
    this.#lease = lease;
    this.#ttlMs = ttlMs;
    this.#renewal = setInterval(
      () => {
        this.#renewing = this.#renew();
      },
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    this.#renewal.unref?.();
  }

  /** The lease as last renewed, to fence writes with. */
  current(): Lease {
    return this.#lease;
  }

  /** Whether a renewal found the lease lost. */
  get lost(): boolean {
    return this.#lost;
  }

  /** Stops renewing and frees the job (nothing happens when the lease is already lost). */
  async release(): Promise<void> {
    clearInterval(this.#renewal);
    await this.#renewing;
    if (!this.#lost) await this.#store.release(this.#lease);
  }

  async #renew(): Promise<void> {
    if (this.#lost) return;
    try {
      const renewed = await this.#store.renew(this.#lease, this.#ttlMs);
      if (renewed === undefined) {
        this.#lost = true;
        clearInterval(this.#renewal);
      } else {
        this.#lease = renewed;
      }
    } catch {
      // A failed renewal is retried on the next tick; a lease lost meanwhile shows at the next write.
    }
  }
}
