/**
 * An execution in a child process, driven by its parent over IPC (see execution-processes.ts): it
 * answers `ready` once loaded, then executes the one plan it is sent with an `AlertHandler` of the
 * endpoint given, and answers the report. The parent may kill it at any point.
 */
import { AlertHandler, fileJournal, type HandlingReport } from '../../src/index.js';
import type { ExecutionReply, ExecutionRequest, ReportedOutcome } from './execution-processes.js';

function send(reply: ExecutionReply): void {
  process.send?.(reply);
}

function plain(report: HandlingReport): Extract<ExecutionReply, { type: 'report' }>['report'] {
  return {
    executionId: report.executionId,
    aborted: report.aborted,
    outcomes: report.outcomes.map(
      ({ alertId, operation, status, reason, errorCode, taskId }): ReportedOutcome => ({
        alertId,
        operation,
        status,
        ...(reason !== undefined && { reason }),
        ...(errorCode !== undefined && { errorCode }),
        ...(taskId !== undefined && { taskId }),
      }),
    ),
  };
}

async function run(request: ExecutionRequest): Promise<HandlingReport> {
  const alerts = new AlertHandler({
    endpoint: request.endpoint,
    protocol: 'http',
    credential: request.credentials,
    lang: 'en',
    ...request.handler,
  });
  const journal =
    request.journalDir === undefined ? undefined : fileJournal(request.journalDir, { lockTtlMs: 1_000 });
  return alerts.execute(request.plan, { ...request.options, ...(journal !== undefined && { journal }) });
}

process.once('message', (request: ExecutionRequest) => {
  run(request).then(
    (report) => send({ type: 'report', report: plain(report) }),
    (error: unknown) => {
      const { name, message, code } = error as Error & { code?: string };
      send({ type: 'error', error: { name, message, ...(code !== undefined && { code }) } });
    },
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
