/** Small statistics and formatting helpers shared by the measurements. */

/** Median of the values (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Smallest and largest value. */
export function range(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** A number rounded to `digits` decimals, for the results file. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `1.07×`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** `12,345`. */
export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `1.23 s` or `456 ms`. */
export function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

/** `3.4 MB` (MiB, as heap figures usually are). */
export function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** `20.9 kB` (decimal, as size-limit prints it). */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** The verdict of a goal: met, missed, or not measured. */
export type Verdict = 'met' | 'MISSED' | 'n/a';

/** `met` when `ok`, `MISSED` otherwise; `n/a` when nothing was measured. */
export function verdict(ok: boolean | undefined): Verdict {
  if (ok === undefined) return 'n/a';
  return ok ? 'met' : 'MISSED';
}

/** One line of the results table. */
export interface Row {
  /** Which measurement it belongs to, e.g. `1 per-call`. */
  readonly part: string;
  /** What was measured. */
  readonly metric: string;
  /** The figure, formatted. */
  readonly value: string;
  /** The goal, when there is one. */
  readonly goal?: string;
  /** Whether the goal was met. */
  readonly verdict?: Verdict;
}

/** The rows as a plain-text table with aligned columns. */
export function table(rows: readonly Row[]): string {
  const header = ['part', 'metric', 'value', 'goal', ''];
  const cells = rows.map((row) => [row.part, row.metric, row.value, row.goal ?? '', row.verdict ?? '']);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  let previousPart = '';
  const body = cells.map((line) => {
    const shown = line[0] === previousPart ? ['', ...line.slice(1)] : line;
    previousPart = line[0] ?? '';
    return format(shown);
  });
  return [format(header), rule, ...body].join('\n');
}

/** Makes `total` calls of `call`, at most `lanes` in flight at once; returns the elapsed milliseconds. */
export async function runLanes(total: number, lanes: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, total) }, lane));
  return performance.now() - started;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
