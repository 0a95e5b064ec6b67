import { describe, expect, it } from 'vitest';
import { type FieldSpec, loadSpec, SPEC_DIR } from '../../scripts/codegen.js';
import { expectationsOf, IMPLEMENTATIONS } from '../support/check-implementations.js';

const spec = loadSpec(SPEC_DIR);

/** A body built from the spec's documented examples (type-correct placeholders where there is none). */
function exampleOf(fields: readonly FieldSpec[]): Record<string, unknown> {
  const value = (item: FieldSpec | NonNullable<FieldSpec['items']>): unknown => {
    const example = 'example' in item ? item.example : undefined;
    switch (item.type) {
      case 'string':
        return example ?? (item as Partial<FieldSpec>).enum?.[0] ?? 'text';
      case 'json-string':
        return example ?? '{}';
      case 'integer':
      case 'int64': {
        const number = Number(example);
        return example !== undefined && Number.isInteger(number) ? number : 1;
      }
      case 'boolean':
        return example === undefined ? true : example === 'true';
      case 'array':
        return item.items === undefined ? [] : [value(item.items)];
      case 'object':
        return exampleOf(item.properties ?? []);
    }
  };
  return Object.fromEntries(fields.map((field) => [field.name, value(field)]));
}

describe.each(IMPLEMENTATIONS)('$name', ({ check }) => {
  const { issuesOf, parsed } = expectationsOf(check);

  describe('response', () => {
    it.each(spec.actions.map((action) => [action.action, action] as const))(
      '%s accepts a body built from the documented examples',
      (name, action) => {
        const body = exampleOf(action.response);
        expect(parsed(name, 'response', body)).toEqual(body);
      },
    );

    it('parses a documented DescribeSuspEvents response and keeps unknown fields', () => {
      const body = {
        RequestId: '0D6E20E4-8326-1D03-A553-2182BE9E82F9',
        Count: 1,
        CurrentPage: 1,
        PageSize: 20,
        TotalCount: 1,
        SomethingNew: { nested: true },
        SuspEvents: [
          {
            Id: 1000,
            Level: 'serious',
            EventStatus: 1,
            AlarmEventNameDisplay: 'Login with unusual location',
            clusterId: 'c2051775877374cccbf68af596e6****',
            Details: [
              { NameDisplay: 'Login IP', Type: 'text', Value: '1.2.XX.XX', ValueDisplay: '1.2.XX.XX' },
            ],
            EventNotes: [{ Note: 'Test', NoteId: 123, NoteTime: '2018-09-26 01:51:01' }],
            TacticItems: [{ TacticDisplayName: 'Persistence', TacticId: 'TA0003' }],
            MarkList: ['tag'],
            NewEventField: 'kept',
          },
        ],
      };
      const result = parsed('DescribeSuspEvents', 'response', body);
      expect(result).toEqual(body);
      expect((result as unknown as Record<string, unknown>).SomethingNew).toEqual({ nested: true });
      const [event] = result.SuspEvents ?? [];
      expect(event).toHaveProperty('NewEventField', 'kept');
    });

    it('accepts values outside the documented response enums', () => {
      const result = parsed('DescribeSuspEvents', 'response', {
        RequestId: 'r',
        SuspEvents: [{ Level: 'critical', EventStatus: 999 }],
      });
      expect(result.SuspEvents?.[0]?.Level).toBe('critical');
    });

    it('reports a wrong type with the path of the field', () => {
      expect(
        issuesOf('DescribeSuspEvents', 'response', { RequestId: 'r', TotalCount: 'x' }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['TotalCount']]);
      expect(
        issuesOf('HandleSecurityEvents', 'response', { HandleSecurityEventsResponse: { TaskId: 1.5 } }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['HandleSecurityEventsResponse', 'TaskId']]);
      expect(
        issuesOf('DescribeSuspEvents', 'response', { RequestId: 'r', SuspEvents: { Level: 5 } }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['SuspEvents']]);
    });

    it('reads a response without RequestId, in every action', () => {
      expect(parsed('HandleSecurityEvents', 'response', {})).toEqual({});
      expect(parsed('PreHandleAuditRisk', 'response', {})).toEqual({});
      expect(parsed('DescribeRiskRules', 'response', {})).toEqual({});
      expect(
        issuesOf('HandleSecurityEvents', 'response', { RequestId: {} }).map((issue) => issue.path),
      ).toEqual([['RequestId']]);
    });

    it('normalizes OperationParams objects and numeric MappingMarkFields values to strings', () => {
      const result = parsed('DescribeSecurityEventOperations', 'response', {
        RequestId: 'B7A2000F-497E-5DA0-B14D-615CD410DD7E',
        SecurityEventOperationsResponse: [
          {
            OperationCode: 'block_ip',
            OperationParams: { expireTime: 1641566807783 },
            UserCanOperate: true,
            MappingMarkFields: [{ Name: 'pid', Value: 1791, Required: true, MaxLength: 2048 }],
            MarkField: [
              { FiledName: 'gmtModified', MarkMisType: 'contains', SupportedMisType: ['contains'] },
            ],
            MarkFieldsSource: [
              { FiledName: 'loginUser', MarkMisValue: 'root', SupportedMisType: ['strEqual'] },
            ],
          },
          { OperationCode: 'virus_quara', OperationParams: '{"subOperation":"quaraFileByMd5andPath"}' },
        ],
      });
      const [first, second] = result.SecurityEventOperationsResponse ?? [];
      expect(first?.OperationParams).toBe('{"expireTime":1641566807783}');
      expect(first?.MappingMarkFields?.[0]?.Value).toBe('1791');
      expect(second?.OperationParams).toBe('{"subOperation":"quaraFileByMd5andPath"}');
      expect(
        parsed('DescribeSecurityEventOperations', 'response', {
          RequestId: 'r',
          SecurityEventOperationsResponse: [{ OperationParams: true }],
        }).SecurityEventOperationsResponse,
      ).toEqual([{ OperationParams: 'true' }]);
    });

    it('unwraps the DescribeRiskRules envelope and accepts the flat shape', () => {
      const item = {
        RiskId: 75110196,
        RuleName: 'jiangyu_test_mysqldump',
        WarnLevel: 3,
        HandleStatus: 'UNPROCESSED',
      };
      const wrapped = parsed('DescribeRiskRules', 'response', {
        code: 200,
        data: { Items: [item], TotalCount: 1, PageSize: 10, CurrentPage: 1 },
        requestId: 'C34D813F-A234-5D66-842D-504D84D5C680',
        success: true,
      });
      expect(wrapped).toMatchObject({
        RequestId: 'C34D813F-A234-5D66-842D-504D84D5C680',
        TotalCount: 1,
        PageSize: 10,
        CurrentPage: 1,
        Items: [item],
      });
      expect(wrapped).not.toHaveProperty('data');
      expect(wrapped).not.toHaveProperty('requestId');
      const flat = parsed('DescribeRiskRules', 'response', {
        RequestId: 'R',
        Items: [item],
        TotalCount: 1,
      });
      expect(flat).toEqual({ RequestId: 'R', Items: [item], TotalCount: 1 });
      const issues = issuesOf('DescribeRiskRules', 'response', {
        code: 200,
        data: { Items: [{ RiskId: 75110196 }], TotalCount: 'x' },
      });
      expect(issues.map((issue) => issue.path)).toEqual([['TotalCount']]);
    });
  });
});
