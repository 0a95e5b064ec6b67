import type { FaultKind } from './fault-kind.js';

/** What {@link countFaults} reads of a received request: its action, and the fault injected into it. */
export interface RequestFault {
  readonly action: string;
  readonly fault?: FaultKind;
}

/**
 * How many faults were injected: in all, by kind, and by action then kind. Kinds and actions that
 * never had a fault are left out.
 *
 * @example
 * ```ts
 * expect(emulator.faults.injected()).toEqual({
 *   total: 3,
 *   byKind: { throttle: 2, resetAfterApply: 1 },
 *   byAction: { DescribeSuspEvents: { throttle: 2 }, HandleSecurityEvents: { resetAfterApply: 1 } },
 * });
 * ```
 */
export interface FaultCounts {
  /** Faulted requests in all. */
  readonly total: number;
  /** Faulted requests by fault kind. */
  readonly byKind: Readonly<Partial<Record<FaultKind, number>>>;
  /** Faulted requests by action, then by fault kind. */
  readonly byAction: Readonly<Record<string, Readonly<Partial<Record<FaultKind, number>>>>>;
}

/** Counts the faults recorded among received requests. */
export function countFaults(received: readonly RequestFault[]): FaultCounts {
  const byKind: Partial<Record<FaultKind, number>> = {};
  const byAction: Record<string, Partial<Record<FaultKind, number>>> = {};
  let total = 0;
  for (const { action, fault } of received) {
    if (fault === undefined) continue;
    total += 1;
    byKind[fault] = (byKind[fault] ?? 0) + 1;
    const ofAction = byAction[action] ?? {};
    ofAction[fault] = (ofAction[fault] ?? 0) + 1;
    byAction[action] = ofAction;
  }
  return { total, byKind, byAction };
}
