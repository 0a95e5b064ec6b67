import type { RequestAuditEvent } from '../transport/options.js';
import type { OperationCode } from './operation-codes.js';
import type { OutcomeCounts } from './report.js';

/** A plan was made: what would be done, to which alerts, and what was left out. */
export interface PlanAuditEvent {
  /** Always `plan`. */
  readonly kind: 'plan';
  /** The batches, as they would be sent. */
  readonly batches: readonly {
    readonly operation: OperationCode;
    readonly params: string;
    readonly markMissParam?: string;
    /** Its `Remark` as planned (`{executionId}` is put in when it is sent), when it has one. */
    readonly remark?: string;
    /** Whether the batch's code is destructive (`isDestructive`). */
    readonly destructive: boolean;
    readonly alertIds: readonly string[];
  }[];
  /** Alerts left out, with reasons. */
  readonly skipped: readonly {
    readonly alertId: string;
    readonly operation: OperationCode;
    readonly reason: string;
  }[];
  /** Whether any batch is destructive, by its code (`isDestructive`). */
  readonly destructive: boolean;
  /** How long planning took. */
  readonly durationMs: number;
}

/** One batch of a plan was carried out. Destructive batches are always reported. */
export interface BatchAuditEvent {
  /** Always `batch`. */
  readonly kind: 'batch';
  /** The execution it belongs to. */
  readonly executionId: string;
  /** The operation sent. */
  readonly operation: OperationCode;
  /** Its `OperationParams`, as sent (relative values resolved then). */
  readonly params: string;
  /** Its `MarkMissParam`, for whitelists. */
  readonly markMissParam?: string;
  /** Its `Remark`, as sent (with the execution's id in place of `{executionId}`), when it has one. */
  readonly remark?: string;
  /** Whether it changes state on hosts or in the whitelist, by its code (`isDestructive`). */
  readonly destructive: boolean;
  /** The alerts it was sent for. */
  readonly alertIds: readonly string[];
  /** The handling task, when one started. */
  readonly taskId?: number;
  /** How many of its alerts ended each way. */
  readonly counts: OutcomeCounts;
}

/** Execution of a plan ended. */
export interface ExecutionAuditEvent {
  /** Always `execute`. */
  readonly kind: 'execute';
  /** The execution (the report's `executionId`), for `resume` and the journal. */
  readonly executionId: string;
  /** How many alerts ended each way. */
  readonly counts: OutcomeCounts;
  /** Whether execution was aborted. */
  readonly aborted: boolean;
  /** Whether the plan had a destructive batch, by the batches' codes (`isDestructive`). */
  readonly destructive: boolean;
  /** How long execution took. */
  readonly durationMs: number;
}

/**
 * What an {@link AlertHandler}'s `onAudit` receives: every request attempt (`kind: 'request'`), every
 * plan, executed batch and execution. Never a secret.
 */
export type AuditEvent = RequestAuditEvent | PlanAuditEvent | BatchAuditEvent | ExecutionAuditEvent;
