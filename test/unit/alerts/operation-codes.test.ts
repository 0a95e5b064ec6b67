import { describe, expect, it } from 'vitest';
import {
  DESTRUCTIVE_OPERATIONS,
  isDestructive,
  isKnownOperationCode,
  OPERATION_DISPLAY_NAMES,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
} from '../../../src/alerts/operation-codes.js';

describe('operation codes', () => {
  it('know the twenty documented codes', () => {
    expect(Object.keys(OPERATION_DISPLAY_NAMES)).toHaveLength(20);
    expect(isKnownOperationCode('cancle_manual')).toBe(true);
    expect(isKnownOperationCode('toString')).toBe(false);
  });

  it.each([
    'block_ip',
    'kill_and_quara',
    'kill_process',
    'kill_virus',
    'kill_container_process',
    'quara',
    'virus_quara',
    'virus_quara_bin',
    'advance_mark_mis_info',
    'stop_container',
    'cleanup',
    'disable_malicious_defense',
    'unknown_code',
  ])('%s is destructive', (code) => {
    expect(isDestructive(code)).toBe(true);
  });

  it.each(['ignore', 'manual_handled', 'mark_mis_info', 'rm_mark_mis_info', 'cancle_manual'])(
    '%s is not destructive',
    (code) => {
      expect(isDestructive(code)).toBe(false);
    },
  );

  it('lists only known codes as destructive', () => {
    for (const code of DESTRUCTIVE_OPERATIONS) expect(isKnownOperationCode(code)).toBe(true);
  });

  it('reports client_problem_check as unsupported, with what to do instead', () => {
    expect(UNSUPPORTED_OPERATIONS.get('client_problem_check')).toMatch(
      /cannot be done through the API: use the console/,
    );
    expect(UNSUPPORTED_OPERATIONS.has('block_ip')).toBe(false);
  });

  it('names operations for summaries and keeps unknown codes as they are', () => {
    expect(operationDisplayName('block_ip')).toBe('Block IP');
    expect(operationDisplayName('kill_and_quara')).toBe('Kill and Quarantine');
    expect(operationDisplayName('virus_quara')).toBe('Quarantine File');
    expect(operationDisplayName('manual_handled')).toBe('Mark as Handled');
    expect(operationDisplayName('advance_mark_mis_info')).toBe('Advanced Whitelist');
    expect(operationDisplayName('constructor')).toBe('constructor');
    expect(operationDisplayName('future_code')).toBe('future_code');
  });
});
