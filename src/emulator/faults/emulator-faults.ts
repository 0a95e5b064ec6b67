import { countFaults, type FaultCounts, type RequestFault } from './fault-counts.js';
import type { FaultPlan } from './fault-plan.js';
import type { FaultRule } from './fault-rule.js';
import { parseFaultRules } from './parse-faults.js';

/**
 * The fault injection of a running emulator, to change while it runs. See `FaultOptions` for how
 * rules pick faults and `FAULT_KINDS` for what each fault does.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['resetAfterApply'] });
 * const request = { SecurityEventIds: [alertId], OperationCode: 'ignore', OperationParams: '{}' };
 * await expect(sas.handleSecurityEvents(request)).rejects.toThrow(NetworkError);
 * expect(emulator.state.handledCount(alertId)).toBe(1); // applied, though the client never heard
 * emulator.faults.clear();
 * ```
 */
export interface EmulatorFaults {
  /**
   * Puts more fault rules in force, after those already in force (those of the options included).
   * Queues start afresh; rate rules draw from streams of their own, seeded with the emulator's seed.
   *
   * @throws TypeError when a rule is invalid, naming it and its field: `inject[0].rate: Too big: ...`;
   *   no rule is added then
   *
   * @example
   * ```ts
   * emulator.faults.inject(
   *   { action: 'DescribeSuspEvents', queue: ['throttle', 'html503'] },
   *   { action: '*', rate: 0.05, kinds: ['latency'], latencyMs: 1000 },
   * );
   * ```
   */
  inject(...rules: FaultRule[]): void;
  /**
   * Takes every fault rule out of force, those of the options included; queues not used up are
   * dropped. Counts are kept.
   *
   * @example
   * ```ts
   * emulator.faults.clear();
   * await sas.describeSuspEvents({}); // answered normally from here on
   * ```
   */
  clear(): void;
  /**
   * How many faults were injected into the requests in `emulator.received`, so since start or
   * the last `emulator.reset()`: in all, by kind and by action.
   *
   * @example
   * ```ts
   * expect(emulator.faults.injected().byAction.HandleSecurityEvents).toEqual({ resetAfterApply: 1 });
   * ```
   */
  injected(): FaultCounts;
}

/** The {@link EmulatorFaults} of an emulator, over its plan and what it received. */
export function emulatorFaults(plan: FaultPlan, received: () => readonly RequestFault[]): EmulatorFaults {
  return {
    inject: (...rules) => plan.add(parseFaultRules(rules, 'inject')),
    clear: () => plan.clear(),
    injected: () => countFaults(received()),
  };
}
