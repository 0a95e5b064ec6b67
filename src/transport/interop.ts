/**
 * Returns the default export of a CommonJS module imported as a namespace, whatever the loader made of
 * it: `ns.default` (bundlers), `ns.default.default` (Node's ESM loader wraps `module.exports`).
 * The `@alicloud/*` packages are CommonJS only; a plain default import breaks in some outputs.
 */
export function unwrapDefault<T>(namespace: unknown): T {
  let value: unknown = namespace;
  for (let depth = 0; depth < 3 && typeof value !== 'function'; depth++) {
    const next = (value as { default?: unknown } | null | undefined)?.default;
    if (next === undefined) break;
    value = next;
  }
  if (typeof value !== 'function') {
    throw new TypeError('Could not load the default export of an @alicloud package: reinstall dependencies.');
  }
  return value as T;
}
