import type { EmulatorReply } from '../http/handler.js';
import { invalidParameter } from './param-errors.js';

/** Request parameters as the emulator receives them. */
export type WireParams = Readonly<Record<string, string>>;

/**
 * A page number or size: `fallback` when absent or empty, at least 1, `400 InvalidParameter` when
 * not digits.
 */
export function pageNumber(params: WireParams, name: string, fallback: number): number | EmulatorReply {
  const value = params[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) return invalidParameter(name);
  return Math.max(Number(value), 1);
}

/**
 * The values of a repeat-list parameter (`Name.1`, `Name.2`, ...), ordered by their index; empty
 * values are left out.
 */
export function repeatList(params: WireParams, name: string): string[] {
  const pattern = new RegExp(`^${name}\\.(\\d+)$`);
  return Object.entries(params)
    .map(([key, value]) => ({ index: Number(pattern.exec(key)?.[1]), value }))
    .filter(({ index, value }) => Number.isInteger(index) && value !== '')
    .sort((a, b) => a.index - b.index)
    .map(({ value }) => value);
}

/** Whether a wire value is a non-negative integer written in digits. */
export function isDigits(value: string): boolean {
  return /^\d+$/.test(value);
}
