import { describe, expect, it } from 'vitest';
import { expectationsOf, IMPLEMENTATIONS } from '../support/check-implementations.js';

describe.each(IMPLEMENTATIONS)('$name', ({ check }) => {
  const { issuesOf, parsed } = expectationsOf(check);

  describe('request', () => {
    it('reject unknown keys, e.g. SecurityEventId on HandleSecurityEvents', () => {
      const issues = issuesOf('HandleSecurityEvents', 'request', {
        SecurityEventIds: ['909361'],
        SecurityEventId: '909361',
        OperationCode: 'ignore',
      });
      expect(issues).toEqual([{ path: [], message: 'Unrecognized key: "SecurityEventId"' }]);
    });

    it('reject missing required parameters and wrong types, naming the field', () => {
      expect(
        issuesOf('HandleSecurityEvents', 'request', { SecurityEventIds: ['1'] }).map((issue) => issue.path),
      ).toEqual([['OperationCode']]);
      expect(
        issuesOf('HandleSecurityEvents', 'request', {
          SecurityEventIds: [],
          OperationCode: 'ignore',
        }).map((issue) => issue.path),
      ).toEqual([['SecurityEventIds']]);
      expect(
        issuesOf('DescribeSecurityEventOperations', 'request', { SecurityEventId: '6135x' }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['SecurityEventId']]);
      expect(
        issuesOf('DescribeSuspEvents', 'request', { PageSize: [20] }).map((issue) => issue.path),
      ).toEqual([['PageSize']]);
      expect(
        issuesOf('DescribeSuspEvents', 'request', { PageSize: '2O' }).map((issue) => issue.path),
      ).toEqual([['PageSize']]);
    });

    it('check closed enums and let open enums through', () => {
      expect(issuesOf('DescribeSuspEvents', 'request', { Lang: 'fr' }).map((issue) => issue.path)).toEqual([
        ['Lang'],
      ]);
      expect(issuesOf('DescribeSuspEvents', 'request', { MultiAccountActionType: 2 })).toHaveLength(1);
      expect(
        parsed('DescribeSuspEvents', 'request', {
          Levels: 'serious,suspicious',
          Status: '1',
          ParentEventTypes: 'other',
          MultiAccountActionType: 1,
          SourceAliUids: [1, 2],
          TacticId: 'TA0001',
        }),
      ).toMatchObject({ Levels: 'serious,suspicious', SourceAliUids: [1, 2] });
      for (const OperationCode of ['virus_quara', 'kill_container_process', 'some_future_code']) {
        expect(
          parsed('HandleSecurityEvents', 'request', {
            SecurityEventIds: ['1'],
            OperationCode,
            OperationParams: '{}',
          }),
        ).toMatchObject({ OperationCode });
      }
      expect(issuesOf('DescribeRiskRules', 'request', { HandleStatus: 'DONE' })).toHaveLength(1);
    });

    it('require JSON text in JSON-string parameters', () => {
      const base = { SecurityEventIds: ['1'], OperationCode: 'kill_and_quara' };
      expect(
        parsed('HandleSecurityEvents', 'request', {
          ...base,
          OperationParams: JSON.stringify({ subOperation: 'killAndQuaraFileByMd5andPath' }),
          MarkMissParam: '[]',
        }),
      ).toMatchObject(base);
      expect(
        issuesOf('HandleSecurityEvents', 'request', {
          ...base,
          OperationParams: 'subOperation:killAndQuaraFileByMd5andPath',
        }).map((issue) => issue.path),
      ).toEqual([['OperationParams']]);
    });

    it('validate the objects inside HandleInfoList strictly', () => {
      const HandleContent = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed false positive' });
      const request = { RiskId: 75110196, HandleInfoList: [{ HandleType: 'Manual', HandleContent }] };
      expect(parsed('PreHandleAuditRisk', 'request', request)).toEqual(request);
      expect(
        issuesOf('PreHandleAuditRisk', 'request', {
          RiskId: 1,
          HandleInfoList: [{ HandleType: 'Manual' }],
        }).map((issue) => issue.path),
      ).toEqual([['HandleInfoList', 0, 'HandleContent']]);
      expect(
        issuesOf('PreHandleAuditRisk', 'request', {
          RiskId: 1,
          HandleInfoList: [{ HandleType: 'Manual', HandleContent, Extra: 1 }],
        }),
      ).toEqual([{ path: ['HandleInfoList', 0], message: 'Unrecognized key: "Extra"' }]);
      expect(issuesOf('PreHandleAuditRisk', 'request', { RiskId: 1, HandleInfoList: [] })).toHaveLength(1);
    });

    it('require at least one of TaskId / SecurityEventIds', () => {
      const name = 'DescribeSecurityEventOperationStatus';
      const issues = issuesOf(name, 'request', {});
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toMatch(/TaskId/);
      expect(issues[0]?.message).toMatch(/SecurityEventIds/);
      expect(issuesOf(name, 'request', { SecurityEventIds: [] })).toHaveLength(1);
      expect(parsed(name, 'request', { TaskId: 15411 })).toEqual({ TaskId: 15411 });
      expect(parsed(name, 'request', { SecurityEventIds: ['909361'] })).toEqual({
        SecurityEventIds: ['909361'],
      });
      expect(parsed(name, 'request', { TaskId: 15411, SecurityEventIds: ['909361'] })).toMatchObject({
        TaskId: 15411,
      });
    });
  });
});
