import { seededRandom } from '../random.js';
import { DEFAULT_LATENCY_MS, type FaultKind } from './fault-kind.js';
import type { FaultRule, QueueFault, RateFault } from './fault-rule.js';

/** The fault picked for one request. */
export interface PickedFault {
  readonly kind: FaultKind;
  /** How late a `latency` fault answers. */
  readonly latencyMs: number;
  /** The rule's `fields`, for the response variants that take them. */
  readonly fields?: readonly string[];
  /** The rule's `code`, for the errors inside a `200`. */
  readonly code?: string;
  /** The rule's `sizeBytes`, for `oversized` answers. */
  readonly sizeBytes?: number;
  /** The rule's `depth`, for `deepNesting` answers. */
  readonly depth?: number;
}

/** A rule in force, with what it has used up: its random draws, or the faults of its queue. */
interface ActiveRule {
  readonly rule: FaultRule;
  /** Whether it is a queue with faults left. */
  readonly queued: boolean;
  /** The rule's fault for the next request it matches, if it strikes. */
  next(): FaultKind | undefined;
}

/**
 * The fault rules in force and their progress. Each rate rule draws from its own random stream,
 * seeded with the emulator's seed and the rule's place among all the rules ever added, so that its
 * faults depend only on the seed and the requests it matches.
 */
export class FaultPlan {
  readonly #seed: string;
  #rules: ActiveRule[] = [];
  #added = 0;

  constructor(seed: string, rules: readonly FaultRule[] = []) {
    this.#seed = seed;
    this.add(rules);
  }

  /** Puts more rules in force, after those already in force. */
  add(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      const place = this.#added++;
      const active = 'queue' in rule ? fromQueue(rule) : fromRate(rule, `${this.#seed}:faults:${place}`);
      this.#rules.push(rule.after === undefined ? active : after(rule.after, active));
    }
  }

  /** Takes every rule out of force. */
  clear(): void {
    this.#rules = [];
  }

  /**
   * The fault of the next request for `action`, served for `accountId`, if any: the first matching queue with faults left
   * gives its next one; otherwise the first matching rate rule whose draw strikes. Every matching
   * rate rule draws, whether or not its draw is used.
   */
  pick(
    action: string,
    params: Readonly<Record<string, string>> = {},
    accountId?: string,
  ): PickedFault | undefined {
    if (this.#rules.length === 0) return undefined;
    const carries = (name: string) =>
      Object.keys(params).some((key) => key === name || key.startsWith(`${name}.`));
    const matching = this.#rules.filter(
      ({ rule }) =>
        (rule.action === '*' || rule.action === action) &&
        (rule.accountId === undefined || rule.accountId === accountId) &&
        (rule.withParam === undefined || carries(rule.withParam)),
    );
    const drawn = matching.filter(({ rule }) => 'rate' in rule).map(faultOf);
    const queue = matching.find((active) => active.queued);
    return queue === undefined ? drawn.find((fault) => fault !== undefined) : faultOf(queue);
  }
}

function faultOf(active: ActiveRule): PickedFault | undefined {
  const kind = active.next();
  if (kind === undefined) return undefined;
  const { latencyMs, fields, code, sizeBytes, depth } = active.rule;
  return {
    kind,
    latencyMs: latencyMs ?? DEFAULT_LATENCY_MS,
    ...(fields !== undefined && { fields }),
    ...(code !== undefined && { code }),
    ...(sizeBytes !== undefined && { sizeBytes }),
    ...(depth !== undefined && { depth }),
  };
}

function fromQueue(rule: QueueFault): ActiveRule {
  let given = 0;
  return {
    rule,
    get queued() {
      return given < rule.queue.length;
    },
    next: () => rule.queue[given++],
  };
}

/** A rule that lets the first `count` requests it matches through, then faults as `active` does. */
function after(count: number, active: ActiveRule): ActiveRule {
  let seen = 0;
  return {
    rule: active.rule,
    // A queue holds its turn while it lets requests through; a rate rule draws nothing meanwhile.
    get queued() {
      return 'queue' in active.rule && (seen < count || active.queued);
    },
    next: () => (seen++ < count ? undefined : active.next()),
  };
}

function fromRate(rule: RateFault, seed: string): ActiveRule {
  const random = seededRandom(seed);
  return {
    rule,
    queued: false,
    next: () => (random() < rule.rate ? rule.kinds[Math.floor(random() * rule.kinds.length)] : undefined),
  };
}
