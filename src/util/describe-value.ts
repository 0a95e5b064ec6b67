/** A value as it appears in an error message (also for values `JSON.stringify` cannot write). */
export function describeValue(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
}
