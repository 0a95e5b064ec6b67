import type { Emulator, EmulatorOptions, SuspEventRecord } from '../../src/emulator/index.js';
import { ApiError, type HandleSecurityEventsRequest, SasClient, SddpClient } from '../../src/index.js';
import { useEmulators } from './emulators.js';
import { call, clientFor } from './openapi-client.js';
import { failureOf } from './typed-failure.js';

/**
 * For a suite over the emulator's state model: returns `setup(options)`, which starts an emulator and
 * connects a Security Center and a Data Security Center client to it, without retries. The emulator is
 * closed after each test.
 */
export function useStateEmulator() {
  const start = useEmulators();
  return async (options: EmulatorOptions) => {
    const emulator = await start(options);
    const clientOptions = {
      endpoint: emulator.endpoint,
      protocol: emulator.protocol,
      credential: emulator.credentials,
      retry: false,
    } as const;
    return { emulator, sas: new SasClient(clientOptions), sddp: new SddpClient(clientOptions) };
  };
}

/** The {@link ApiError} `call` rejects with. */
export const failure = (call: Promise<unknown>): Promise<ApiError> => failureOf(ApiError, call);

/** The IDs of `alerts`, as HandleSecurityEvents takes them. */
export const idsOf = (...alerts: SuspEventRecord[]) => alerts.map((alert) => String(alert.Id));

/** Handles `alerts` with `OperationCode` (OperationParams `{}` unless `extra` says otherwise); returns the TaskId. */
export async function handle(
  sas: SasClient,
  alerts: SuspEventRecord[],
  OperationCode: string,
  extra: Partial<HandleSecurityEventsRequest> = {},
): Promise<number> {
  const response = await sas.handleSecurityEvents({
    SecurityEventIds: idsOf(...alerts),
    OperationCode,
    OperationParams: '{}',
    ...extra,
  });
  const taskId = response.HandleSecurityEventsResponse?.TaskId;
  if (typeof taskId !== 'number') throw new Error(`no usable TaskId: ${String(taskId)}`);
  return taskId;
}

/** The status of task `TaskId`, for `alerts` only when given. */
export async function status(sas: SasClient, TaskId: number, alerts: SuspEventRecord[] = []) {
  const response = await sas.describeSecurityEventOperationStatus({
    TaskId,
    ...(alerts.length > 0 && { SecurityEventIds: idsOf(...alerts) }),
  });
  return response.SecurityEventOperationStatusResponse;
}

/** The operations offered for `alert`. */
export async function operations(sas: SasClient, alert: SuspEventRecord) {
  const response = await sas.describeSecurityEventOperations({ SecurityEventId: alert.Id });
  return response.SecurityEventOperationsResponse ?? [];
}

/**
 * Calls `action` with the official client, for requests the SDK clients refuse to send: the answer's
 * body, or the code and status it failed with.
 */
export async function raw(
  emulator: Emulator,
  action: string,
  query: Record<string, unknown>,
  version = '2018-12-03',
): Promise<{ body: Record<string, unknown> } | { code: string; statusCode: number }> {
  try {
    const { body } = await call(clientFor(emulator.endpoint, emulator.credentials), action, query, {
      version,
    });
    return { body };
  } catch (error) {
    const { code, statusCode } = error as { code: string; statusCode: number };
    return { code, statusCode };
  }
}
