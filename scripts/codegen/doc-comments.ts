/** Prose for the doc comments of generated code: escaping, code spans, wrapping, and action notes. */
import type { ActionSpec } from './spec.js';

/**
 * Width of doc comment prose: the formatter's `lineWidth` (biome.json). Biome lays out the generated
 * code but leaves the text of comments as written, so the emitter wraps prose itself.
 */
const COMMENT_WIDTH = 110;

/** Escapes TSDoc / Markdown specials in prose, leaving `code spans` alone. */
export function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[@{}<>]/g, (char) => `\\${char}`)))
    .join('');
}

/** A Markdown code span holding `value` (backticks inside become quotes). */
export function code(value: string): string {
  return `\`${value.replace(/`/g, "'")}\``;
}

/** Splits `line` at spaces into lines of at most `width`; a bullet's continuation lines are indented. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const bullet = /^(- )/.exec(line)?.[1] ?? '';
  const words = line.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = bullet === '' ? word : `  ${word}`;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** A `/** ... *\/` block; `''` entries become blank comment lines. */
export function docComment(lines: readonly string[], indent: string): string[] {
  const width = COMMENT_WIDTH - indent.length - 3;
  const body = lines
    .flatMap((line) => (line === '' ? [''] : wrap(line, width)))
    .map((line) => line.replace(/\*\//g, '*\\/'));
  if (body.length === 1 && indent.length + 7 + (body[0] ?? '').length <= COMMENT_WIDTH)
    return [`${indent}/** ${body[0]} */`];
  return [
    `${indent}/**`,
    ...body.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)),
    `${indent} */`,
  ];
}

/** The `@remarks` lines of an action: `extra`, then its caveat; none when both are empty. */
export function remarks(spec: ActionSpec, extra: readonly string[] = []): string[] {
  const lines = [...extra];
  if (spec.caveat !== undefined) lines.push(prose(spec.caveat));
  return lines.length === 0 ? [] : ['', `@remarks ${lines.join(' ')}`];
}

/** The one-of rules of a request, as sentences. */
export function oneOfSentences(spec: ActionSpec): string[] {
  return (spec.requireOneOf ?? []).map(
    (group) => `At least one of ${group.map(code).join(' and ')} must be given.`,
  );
}
