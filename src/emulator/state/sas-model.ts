import type { AlertStore } from './alert-store.js';
import type { HandleLog } from './handling/handle-log.js';
import type { TaskStore } from './handling/task-store.js';
import type { WhitelistStore } from './handling/whitelist-store.js';
import type { HandlingHistory } from './history/past-handling.js';
import type { OperationTable } from './operations/operation-table.js';
import type { NeverFinish } from './state-options.js';

/** The Security Center side of the model: what the four Sas handlers read and change. */
export interface SasModel {
  readonly alerts: AlertStore;
  readonly operations: OperationTable;
  readonly whitelist: WhitelistStore;
  readonly tasks: TaskStore;
  readonly log: HandleLog;
  readonly history: HandlingHistory;
  readonly neverFinish: NeverFinish;
  /** The emulator's clock, epoch milliseconds. */
  readonly now: () => number;
}
