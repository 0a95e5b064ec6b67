import type { Cassette, CassetteInteraction, CassetteRequest } from './cassette.js';
import { apiError } from './errors.js';
import type { EmulatorReply, EmulatorRequest } from './http/handler.js';

/** A recorded interaction that has not been replayed yet. */
export interface PendingInteraction {
  /** Name of the cassette it belongs to. */
  readonly cassette: string;
  /** Position of the interaction in its cassette, from 0. */
  readonly index: number;
  /** The recorded request. */
  readonly request: CassetteRequest;
}

interface Slot {
  readonly cassette: string;
  readonly index: number;
  readonly interaction: CassetteInteraction;
  used: boolean;
}

/**
 * Serves recorded interactions: each request takes the first unused interaction with the same version,
 * action and parameters, in the order the cassettes were loaded.
 */
export class CassettePlayer {
  readonly #slots: Slot[] = [];

  /** Appends a cassette's interactions to the queue. */
  load(cassette: Cassette): void {
    cassette.interactions.forEach((interaction, index) => {
      this.#slots.push({ cassette: cassette.name, index, interaction, used: false });
    });
  }

  /** Whether any loaded interaction, used or not, records this action. */
  claims(action: string): boolean {
    return this.#slots.some((slot) => slot.interaction.request.action === action);
  }

  /**
   * The recorded answer for a request, marking its interaction used; `400 Emulator.UnexpectedRequest`
   * naming the differences to the closest unused interaction when none matches.
   */
  take(request: EmulatorRequest): EmulatorReply {
    const candidates = this.#slots.filter(
      (slot) => !slot.used && slot.interaction.request.action === request.action,
    );
    const match = candidates.find((slot) => differences(request, slot).length === 0);
    if (match === undefined) return unexpected(request, candidates);
    match.used = true;
    return match.interaction.response;
  }

  /** The interactions no request has used yet. */
  pending(): PendingInteraction[] {
    return this.#slots
      .filter((slot) => !slot.used)
      .map((slot) => ({ cassette: slot.cassette, index: slot.index, request: slot.interaction.request }));
  }
}

function differences(request: EmulatorRequest, slot: Slot): string[] {
  const recorded = slot.interaction.request;
  const found: string[] = [];
  if (recorded.version !== request.version) {
    found.push(`version (sent ${request.version}, recorded ${recorded.version})`);
  }
  const names = [...new Set([...Object.keys(request.params), ...Object.keys(recorded.params)])].sort();
  for (const name of names) {
    const sent = request.params[name];
    const expected = recorded.params[name];
    if (sent !== expected) found.push(`${name} (sent ${show(sent)}, recorded ${show(expected)})`);
  }
  return found;
}

function unexpected(request: EmulatorRequest, candidates: readonly Slot[]): EmulatorReply {
  const closest = candidates
    .map((slot) => ({ slot, diff: differences(request, slot) }))
    .sort((a, b) => a.diff.length - b.diff.length)[0];
  const reason =
    closest === undefined
      ? `no unused recorded interaction for ${request.action} is left`
      : `the closest unused one (${closest.slot.cassette} #${closest.slot.index}) differs in ${closest.diff.join(', ')}`;
  return apiError(400, 'Emulator.UnexpectedRequest', `Unexpected ${request.action} request: ${reason}.`);
}

function show(value: string | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
