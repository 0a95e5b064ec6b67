import type { EmulatorHandler } from '../../http/handler.js';
import { accept, type Checked, refuse } from '../checked.js';
import { illegalParam, operationTaskNotExists } from '../sas-errors.js';
import type { SasModel } from '../sas-model.js';
import { isDigits, repeatList, type WireParams } from '../wire-params.js';
import { settleTask } from './settle-task.js';
import { type EventResult, finalStatus, type TaskAnswer } from './task-store.js';

/**
 * `DescribeSecurityEventOperationStatus` over the model. With a `TaskId`, answers that task, its
 * events filtered to the `SecurityEventIds.N` given (if any); with only `SecurityEventIds.N`, answers
 * each event from its newest task. Each task named counts one status query: it answers `Processing`
 * until it has been queried more than `taskPolls` times. Neither parameter, or one that is not
 * numeric, is `400 IllegalParam`; an unknown task, or events no task handled,
 * `400 OperationTaskNotExists`.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ state: { alerts: sampleAlerts(5), taskPolls: 2 } });
 * // HandleSecurityEvents → TaskId; status queries then answer Processing, Processing, Success.
 * ```
 */
export function describeSecurityEventOperationStatus(model: SasModel): EmulatorHandler {
  return ({ params }) => {
    const read = readQuery(params);
    if (!read.ok) return read.reply;
    const query = read.value;
    const taskIds =
      query.taskId === undefined
        ? [...new Set(query.eventIds.flatMap((id) => model.tasks.latestFor(id) ?? []))]
        : [query.taskId];
    if (taskIds.length === 0 || !taskIds.every((id) => model.tasks.has(id))) return operationTaskNotExists();
    const answers = new Map(taskIds.map((id) => [id, poll(model, id)]));
    const statuses = selected(query, answers, model);
    return {
      status: 200,
      body: {
        SecurityEventOperationStatusResponse: {
          TaskStatus: combined([...answers.values()]),
          SecurityEventOperationStatuses: statuses.map((result) => ({
            SecurityEventId: String(result.securityEventId),
            Status: result.status,
            ErrorCode: result.errorCode,
          })),
        },
      },
    };
  };
}

interface StatusQuery {
  readonly taskId: number | undefined;
  readonly eventIds: readonly number[];
}

function readQuery(params: WireParams): Checked<StatusQuery> {
  const taskId = params.TaskId ?? '';
  const eventIds = repeatList(params, 'SecurityEventIds');
  if (taskId === '' && eventIds.length === 0) return refuse(illegalParam('give TaskId or SecurityEventIds.'));
  if ((taskId !== '' && !isDigits(taskId)) || !eventIds.every(isDigits)) {
    return refuse(illegalParam('TaskId and SecurityEventIds must be numeric IDs.'));
  }
  return accept({
    taskId: taskId === '' ? undefined : Number(taskId),
    eventIds: [...new Set(eventIds.map(Number))],
  });
}

function poll(model: SasModel, taskId: number): TaskAnswer {
  const { answer, settled } = model.tasks.poll(taskId);
  if (settled !== undefined) settleTask(model.alerts, model.history, settled, model.now());
  return answer;
}

/**
 * The results the query asked for: with a task, its events, filtered to the IDs given if any; with
 * only IDs, each event from its own newest task.
 */
function selected(
  query: StatusQuery,
  answers: ReadonlyMap<number, TaskAnswer>,
  model: SasModel,
): EventResult[] {
  if (query.taskId !== undefined && query.eventIds.length === 0) {
    return [...(answers.get(query.taskId)?.results ?? [])];
  }
  return query.eventIds.flatMap((eventId) => {
    const taskId = query.taskId ?? model.tasks.latestFor(eventId);
    const result =
      taskId === undefined
        ? undefined
        : answers.get(taskId)?.results.find((entry) => entry.securityEventId === eventId);
    return result === undefined ? [] : [result];
  });
}

function combined(answers: readonly TaskAnswer[]): string {
  if (answers.some((answer) => answer.taskStatus === 'Processing')) return 'Processing';
  return finalStatus(answers.flatMap((answer) => answer.results));
}
