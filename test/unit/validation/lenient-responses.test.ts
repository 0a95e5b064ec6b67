/**
 * Responses are read as Alibaba's own runtime (`@alicloud/tea-typescript`'s `cast`) reads them: `null` is
 * absent, numeric strings are numbers where numbers are due, numbers and booleans are strings where
 * strings are due, `"true"`/`"false"`/`1`/`0` are booleans; int64 values beyond 2^53 stay exact as
 * their digits; `RequestId` may be missing. Every such reading is reported as a note at its path.
 *
 * The figures the issue measured are derived from the spec (not listed by hand) and printed.
 */
import { describe, expect, it } from 'vitest';
import { walkFields } from '../../../scripts/codegen.js';
import { ACCOUNT_ACTIONS, at, bodyWith, pathTo, READERS, SAS_ACTIONS, spec } from './readers.js';

const SCALARS = new Set(['string', 'json-string', 'integer', 'int64', 'boolean']);

/** Every response field of the Sas actions, at every level: `[action, dotted path, field]`. */
const sasFields = SAS_ACTIONS.flatMap((action) => {
  const fields: [string, string, (typeof action.response)[number]][] = [];
  walkFields(action.response, (field, path) => fields.push([action.action, path, field]));
  return fields;
});

/** The forms tea's `cast` turns into the field's type, with what they read as. */
function variantsOf(type: string): { sent: unknown; read: unknown }[] {
  switch (type) {
    case 'string':
    case 'json-string':
      return [
        { sent: 1791, read: '1791' },
        { sent: true, read: 'true' },
      ];
    case 'integer':
    case 'int64':
      return [{ sent: '1791', read: 1791 }];
    case 'boolean':
      return [
        { sent: 'true', read: true },
        { sent: 'false', read: false },
        { sent: 1, read: true },
        { sent: 0, read: false },
      ];
    default:
      return [];
  }
}

describe.each(READERS)('$name read responses leniently', ({ name, read }) => {
  it('the spec has the 109 response fields of the four Sas actions the issue measured', () => {
    expect(SAS_ACTIONS).toHaveLength(4);
    expect(sasFields).toHaveLength(109);
  });

  it('read null as absent in every response field, with a note at its path', () => {
    let accepted = 0;
    const refused: string[] = [];
    for (const [action, dotted] of sasFields) {
      const definition = spec.actions.find((candidate) => candidate.action === action);
      if (definition === undefined) throw new Error(action);
      const body = { RequestId: 'r', ...bodyWith(definition.response, dotted, null) };
      const path = pathTo(definition.response, dotted);
      const result = read(action, 'response', body);
      const ok =
        result.success &&
        result.rejected.length === 0 &&
        at(result.data, path) === undefined &&
        result.notes.some(
          (note) =>
            JSON.stringify(note.path) === JSON.stringify(path) && note.message === 'null read as absent',
        );
      if (ok) accepted++;
      else refused.push(`${action} ${dotted}`);
    }
    console.log(`${name}: null accepted in ${accepted} of ${sasFields.length} response fields`);
    expect(refused).toEqual([]);
  });

  it('read the scalar forms the official runtime reads, with a note each', () => {
    let accepted = 0;
    let total = 0;
    let firstAccepted = 0;
    let fields = 0;
    const refused: string[] = [];
    for (const [action, dotted, field] of sasFields) {
      if (!SCALARS.has(field.type)) continue;
      fields++;
      const definition = spec.actions.find((candidate) => candidate.action === action);
      if (definition === undefined) throw new Error(action);
      const path = pathTo(definition.response, dotted);
      for (const [index, { sent, read: expected }] of variantsOf(field.type).entries()) {
        total++;
        const body = { RequestId: 'r', ...bodyWith(definition.response, dotted, sent) };
        const result = read(action, 'response', body);
        const ok =
          result.success &&
          result.rejected.length === 0 &&
          at(result.data, path) === expected &&
          result.notes.some((note) => JSON.stringify(note.path) === JSON.stringify(path));
        if (ok) {
          accepted++;
          if (index === 0) firstAccepted++;
        } else refused.push(`${action} ${dotted} ${JSON.stringify(sent)}`);
      }
    }
    console.log(
      `${name}: scalar variants accepted ${accepted} of ${total} (one per field, as measured in the issue: ${firstAccepted} of ${fields})`,
    );
    expect(fields).toBe(95);
    expect(refused).toEqual([]);
  });

  it("read the account actions' responses as leniently: null as absent, the first scalar form of each field", () => {
    const refused: string[] = [];
    let checked = 0;
    for (const action of ACCOUNT_ACTIONS) {
      walkFields(action.response, (field, dotted) => {
        const path = pathTo(action.response, dotted);
        const forms = [{ sent: null, read: undefined }, ...variantsOf(field.type).slice(0, 1)];
        for (const { sent, read: expected } of forms) {
          checked++;
          const result = read(action.action, 'response', bodyWith(action.response, dotted, sent));
          const ok =
            result.success &&
            result.rejected.length === 0 &&
            at(result.data, path) === expected &&
            result.notes.some((note) => JSON.stringify(note.path) === JSON.stringify(path));
          if (!ok) refused.push(`${action.action} ${dotted} ${JSON.stringify(sent)}`);
        }
      });
    }
    console.log(`${name}: account actions read ${checked - refused.length} of ${checked} forms`);
    expect(ACCOUNT_ACTIONS).toHaveLength(4);
    expect(refused).toEqual([]);
  });

  it('read a response without RequestId in every Sas action', () => {
    let accepted = 0;
    for (const action of SAS_ACTIONS) {
      const result = read(action.action, 'response', {});
      if (result.success) accepted++;
    }
    console.log(`${name}: missing RequestId accepted in ${accepted} of ${SAS_ACTIONS.length} Sas actions`);
    expect(accepted).toBe(SAS_ACTIONS.length);
  });

  it('name each normalization in its note', () => {
    const result = read('DescribeSuspEvents', 'response', {
      RequestId: 'r',
      TotalCount: '45',
      SuspEvents: [{ Id: 1 }, { Id: 2, InternetIp: null, Advanced: 1, Name: 7, CanBeDealOnLine: 'false' }],
    });
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    // By path: keys in code-unit order, indexes in number order.
    expect(result.notes).toEqual([
      { path: ['SuspEvents', 1, 'Advanced'], message: '1 read as the boolean true' },
      { path: ['SuspEvents', 1, 'CanBeDealOnLine'], message: '"false" read as the boolean false' },
      { path: ['SuspEvents', 1, 'InternetIp'], message: 'null read as absent' },
      { path: ['SuspEvents', 1, 'Name'], message: '7 read as the string "7"' },
      { path: ['TotalCount'], message: '"45" read as the number 45' },
    ]);
    expect(result.data).toMatchObject({
      TotalCount: 45,
      SuspEvents: [{ Id: 1 }, { Id: 2, Advanced: true, Name: '7', CanBeDealOnLine: false }],
    });
  });

  it('never modify the body it reads', () => {
    const body = {
      RequestId: 'r',
      TotalCount: '45',
      SuspEvents: [{ Id: '1', InternetIp: null, Level: 5 }, { Id: 2 }],
    };
    const copy = structuredClone(body);
    read('DescribeSuspEvents', 'response', body);
    expect(body).toEqual(copy);
  });

  it('keep int64 values beyond 2^53 exact, as their digits, and read the others as numbers', () => {
    const big = '1234567890123456789';
    const result = read('DescribeSuspEvents', 'response', {
      RequestId: 'r',
      SuspEvents: [
        { Id: big, SourceAliUid: big, LastTimeStamp: '1700000000000', EventNotes: [{ NoteId: big }] },
      ],
    });
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    expect(result.data).toMatchObject({
      SuspEvents: [
        { Id: big, SourceAliUid: big, LastTimeStamp: 1700000000000, EventNotes: [{ NoteId: big }] },
      ],
    });
    expect(result.notes).toEqual([
      {
        path: ['SuspEvents', 0, 'LastTimeStamp'],
        message: '"1700000000000" read as the number 1700000000000',
      },
    ]);
    const task = read('HandleSecurityEvents', 'response', { HandleSecurityEventsResponse: { TaskId: big } });
    expect(task.success && at(task.data, ['HandleSecurityEventsResponse', 'TaskId'])).toBe(big);
  });

  it('still refuse what cannot be read exactly', () => {
    for (const [value, message] of [
      ['12.5', 'Invalid input: expected number, received string'],
      ['9007199254740993', 'Invalid input: expected number, received string'],
      [1.5, 'Invalid input: expected int, received number'],
      [true, 'Invalid input: expected number, received boolean'],
    ] as const) {
      const result = read('DescribeSuspEvents', 'response', { RequestId: 'r', TotalCount: value });
      expect(result.success, JSON.stringify(value)).toBe(false);
      if (!result.success) expect(result.issues).toEqual([{ path: ['TotalCount'], message }]);
    }
    for (const value of ['yes', 2, {}]) {
      const result = read('PreHandleAuditRisk', 'response', { Success: value });
      expect(result.success, JSON.stringify(value)).toBe(false);
    }
    for (const value of ['12345678901234567890', '1e3', '-', 2 ** 60, 1.5]) {
      const result = read('HandleSecurityEvents', 'response', {
        HandleSecurityEventsResponse: { TaskId: value },
      });
      expect(result.success, JSON.stringify(value)).toBe(false);
    }
  });
});
