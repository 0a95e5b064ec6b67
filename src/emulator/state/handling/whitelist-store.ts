/** One whitelist rule, with the keys of `MarkMissParam`. */
export interface EmulatorWhitelistRule {
  /** Scope: `ALL` machines, or the UUID of the one machine the rule is bound to. */
  readonly uuid: string;
  /** Field the rule tests, e.g. `loginSourceIp`. */
  readonly field: string;
  /** Match operator, e.g. `strEqual`. */
  readonly operate: string;
  /** Value the field is matched against. */
  readonly fieldValue: string;
}

/**
 * The whitelist rules of each alert type (`AlarmEventType`), with every rule set each type has had:
 * `advance_mark_mis_info` replaces a type's rules wholesale.
 */
export class WhitelistStore {
  readonly #history = new Map<string, (readonly EmulatorWhitelistRule[])[]>();

  constructor(initial: Readonly<Record<string, readonly EmulatorWhitelistRule[]>> = {}) {
    for (const [alertType, rules] of Object.entries(initial)) this.#history.set(alertType, [[...rules]]);
  }

  /** The rules in place for an alert type. */
  rules(alertType: string): readonly EmulatorWhitelistRule[] {
    return this.history(alertType).at(-1) ?? [];
  }

  /** Every rule set the type has had, oldest first, starting with the one in place at start. */
  history(alertType: string): readonly (readonly EmulatorWhitelistRule[])[] {
    return this.#history.get(alertType) ?? [[]];
  }

  /** Replaces the type's rules by `rules`. */
  replace(alertType: string, rules: readonly EmulatorWhitelistRule[]): void {
    this.#history.set(alertType, [...this.history(alertType), [...rules]]);
  }
}
