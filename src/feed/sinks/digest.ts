/**
 * One chat message for a batch of changes: a title with the counts by kind, one line per change for
 * the first twenty, and the counts of the rest.
 *
 * @packageDocumentation
 */
import type { AlertChange, AlertChangeKind } from '../change.js';
import { changeSummary } from '../change-record.js';

/** The most changes a chat message lists one per line; the others are counted. */
export const MAX_LISTED_CHANGES = 20;

/** A batch as a chat message says it. */
export interface Digest {
  /** `Security Center: 3 alert changes (2 new, 1 resolved)`. */
  readonly title: string;
  /** The summary line of each listed change. */
  readonly lines: readonly string[];
  /** `…and 480 more: 400 new, 80 updated`, when some were not listed. */
  readonly more: string | undefined;
}

const KINDS: readonly AlertChangeKind[] = ['new', 'updated', 'resolved'];

/** The digest of `changes` (never empty). */
export function digest(changes: readonly AlertChange[]): Digest {
  const count = changes.length;
  const listed = changes.slice(0, MAX_LISTED_CHANGES);
  const rest = changes.slice(MAX_LISTED_CHANGES);
  return {
    title: `Security Center: ${count} alert ${count === 1 ? 'change' : 'changes'} (${byKind(changes)})`,
    lines: listed.map(changeSummary),
    more: rest.length === 0 ? undefined : `…and ${rest.length} more: ${byKind(rest)}`,
  };
}

/** `2 new, 1 resolved`. */
function byKind(changes: readonly AlertChange[]): string {
  return KINDS.map((kind) => [kind, changes.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}
