/**
 * Text from the service or from stored data, made safe to print on one line of a terminal or a log:
 * control characters (line breaks, escape sequences) and the marks that reorder text on screen are shown
 * as escapes, so that a hostile message cannot forge lines or hide what follows it.
 *
 * @packageDocumentation
 */

/** Control characters (C0, DEL, C1), the line and paragraph separators, and the direction marks. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with every character that could break or disguise a printed line shown as an escape (`\n`,
 * `\u001b`, `\u202e`, …); other text is unchanged.
 *
 * @example
 * ```ts
 * printable('denied\n  Batch 9: forged'); // 'denied\\n  Batch 9: forged'
 * ```
 */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (character) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
