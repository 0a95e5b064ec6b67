import { seededRandom } from '../../random.js';

/** Final state of one event in a handling task; `Processing` for an event that never finishes. */
export interface EventResult {
  /** Alert event ID. */
  readonly securityEventId: number;
  /** `Success`, `Failed`, or `Processing` for good. */
  readonly status: 'Success' | 'Failed' | 'Processing';
  /** `<operation>.<result>`, e.g. `kill_and_quara.AgentOffline`; empty while processing. */
  readonly errorCode: string;
}

/** Overall state of a handling task. */
export type TaskStatus = 'Processing' | 'Success' | 'Failure';

/** A handling task as the model keeps it. */
export interface TaskView {
  /** Task ID, as `HandleSecurityEvents` answered it. */
  readonly taskId: number;
  /** Operation code of the request. */
  readonly operationCode: string;
  /** The events it handles. */
  readonly securityEventIds: readonly number[];
  /** How many status queries named it so far. */
  readonly polls: number;
  /** `Processing` until a status query has reported it final, then its final status. */
  readonly taskStatus: TaskStatus;
  /** What each event's handling comes to. */
  readonly results: readonly EventResult[];
}

/** What a status query learns of a task. */
export interface TaskAnswer {
  readonly taskStatus: TaskStatus;
  readonly results: readonly EventResult[];
}

/** Who asked for a handling, and the remark they wrote. */
export interface HandlingContext {
  /** The AccessKey ID that signed the request. */
  readonly operator: string;
  /** `Remark`, when one was sent. */
  readonly remark?: string;
}

/** A task's results the first time they are reported final, for the caller to apply. */
export interface SettledTask {
  readonly taskId: number;
  readonly operationCode: string;
  readonly results: readonly EventResult[];
  readonly context: HandlingContext;
}

interface Task {
  readonly id: number;
  readonly operationCode: string;
  readonly context: HandlingContext;
  results: readonly EventResult[];
  polls: number;
  settled: boolean;
}

const TASK_ID_BASE = 20_000_000;
const TASK_ID_SPREAD = 9_000_000;

/**
 * Handling tasks. A task answers `Processing` to its first `pollsBeforeFinal` status queries, then
 * its results, decided when it was created.
 */
export class TaskStore {
  readonly #tasks: Task[] = [];
  readonly #byId = new Map<number, Task>();
  /** The newest task of each event. */
  readonly #latestByEvent = new Map<number, number>();
  readonly #pollsBeforeFinal: number;
  #nextId: number;

  /**
   * @param seed - Decides the first task ID; tasks then count up from it.
   * @param pollsBeforeFinal - Status queries answered `Processing` before the final status.
   */
  constructor(seed: string, pollsBeforeFinal: number) {
    this.#nextId = TASK_ID_BASE + Math.floor(seededRandom(`${seed}:tasks`)() * TASK_ID_SPREAD);
    this.#pollsBeforeFinal = pollsBeforeFinal;
  }

  /** Starts a task and returns its ID. */
  create(
    operationCode: string,
    results: readonly EventResult[],
    context: HandlingContext = { operator: '' },
  ): number {
    const id = this.#nextId++;
    const task: Task = { id, operationCode, context, results, polls: 0, settled: false };
    this.#tasks.push(task);
    this.#byId.set(id, task);
    for (const result of results) this.#latestByEvent.set(result.securityEventId, id);
    return id;
  }

  /**
   * Keeps a task `Processing` for good: every event of it is then still being handled however often
   * the task is queried. Does nothing for an unknown ID or a task already reported final.
   */
  stall(id: number): void {
    const task = this.#find(id);
    if (task === undefined || task.settled) return;
    task.results = task.results.map((result) => ({ ...result, status: 'Processing', errorCode: '' }));
  }

  /** Whether a task has this ID. */
  has(id: number): boolean {
    return this.#find(id) !== undefined;
  }

  /** ID of the newest task that handles the event, if any. */
  latestFor(alertId: number): number | undefined {
    return this.#latestByEvent.get(alertId);
  }

  /**
   * Answers one status query of a task. `settled` is the task's results the first time they are
   * reported final, for the caller to apply; `undefined` on every other query.
   */
  poll(id: number): { answer: TaskAnswer; settled?: SettledTask } {
    const task = this.#find(id);
    if (task === undefined) throw new RangeError(`No task ${id}.`);
    task.polls += 1;
    if (task.polls <= this.#pollsBeforeFinal) {
      const results = task.results.map((result) => ({
        ...result,
        status: 'Processing' as const,
        errorCode: '',
      }));
      return { answer: { taskStatus: 'Processing', results } };
    }
    const answer = { taskStatus: finalStatus(task.results), results: task.results };
    if (task.settled) return { answer };
    task.settled = true;
    return {
      answer,
      settled: {
        taskId: task.id,
        operationCode: task.operationCode,
        results: task.results,
        context: task.context,
      },
    };
  }

  /** Every task, oldest first. */
  all(): TaskView[] {
    return this.#tasks.map((task) => ({
      taskId: task.id,
      operationCode: task.operationCode,
      securityEventIds: task.results.map((result) => result.securityEventId),
      polls: task.polls,
      taskStatus: task.settled ? finalStatus(task.results) : 'Processing',
      results: task.results,
    }));
  }

  #find(id: number): Task | undefined {
    return this.#byId.get(id);
  }
}

/** `Processing` while any event is, else `Success` when every event succeeded, else `Failure`. */
export function finalStatus(results: readonly EventResult[]): TaskStatus {
  if (results.some((result) => result.status === 'Processing')) return 'Processing';
  return results.every((result) => result.status === 'Success') ? 'Success' : 'Failure';
}
