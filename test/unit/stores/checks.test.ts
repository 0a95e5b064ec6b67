import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { fileJournal } from '../../../src/stores/file-store.js';
import { caught } from '../../support/caught.js';

describe('fileJournal options', () => {
  it('refuses an empty directory and unknown or bad options', () => {
    expect(caught(() => fileJournal(''))).toBeInstanceOf(ValidationError);
    const unknown = caught(() => fileJournal('journal', { ttl: 1 } as never));
    expect(unknown).toMatchObject({ field: 'ttl' });
    expect(caught(() => fileJournal('journal', { lockTtlMs: 0 }))).toMatchObject({ field: 'lockTtlMs' });
    expect(caught(() => fileJournal('journal', { now: 5 as never }))).toMatchObject({ field: 'now' });
  });
});
