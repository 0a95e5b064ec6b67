/** TypeScript literals for generated source. */
import type { EnumValue } from './spec.js';

/** A single-quoted TypeScript string literal. */
export function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${escaped}'`;
}

/** A string or number literal. */
export function literal(value: EnumValue): string {
  return typeof value === 'number' ? String(value) : quote(value);
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

/**
 * A regular expression literal of `pattern`: a `/` is escaped where it would end the literal (outside
 * `[...]`), and nowhere else, where the escape would be useless.
 */
export function regexLiteral(pattern: string): string {
  let body = '';
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '\\') {
      body += pattern.slice(index, index + 2);
      index++;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    body += char === '/' && !inClass ? '\\/' : char;
  }
  return `/${body}/`;
}
