import type { AlertStore } from '../alert-store.js';
import type { SasModel } from '../sas-model.js';
import type { EmulatorActivity } from './activity.js';
import { checkStatus, refire, setStatus } from './alert-changes.js';

/**
 * The changes of `state.activity`, applied in order of time (in the order given for the same time)
 * as the emulator's clock reaches them.
 *
 * @throws RangeError when a change names an alert that does not exist by its time, or sets a status
 *   a person cannot set
 */
export class ActivityTimeline {
  readonly #changes: EmulatorActivity[];
  #next = 0;

  constructor(activity: readonly EmulatorActivity[], alerts: AlertStore) {
    this.#changes = [...activity].sort((a, b) => a.at - b.at);
    for (const [index, change] of activity.entries()) {
      const name = `activity[${index}]`;
      if (!((alerts.arrivesAt(change.alertId) ?? Number.POSITIVE_INFINITY) <= change.at)) {
        throw new RangeError(`${name}: no alert ${change.alertId} exists by its time ${change.at}.`);
      }
      if (change.kind === 'status') checkStatus(change.status, name);
    }
  }

  /** Applies every change whose time the model's clock has reached. */
  catchUp(model: SasModel): void {
    const now = model.now();
    for (let change = this.#changes[this.#next]; change !== undefined && change.at <= now; ) {
      if (change.kind === 'refire') refire(model, change.alertId, change.at);
      else setStatus(model, change.alertId, change.status, change);
      change = this.#changes[++this.#next];
    }
  }
}
