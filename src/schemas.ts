/**
 * zod schemas of the actions' requests and responses, for callers who validate or compose with
 * zod: `DescribeSuspEventsResponseSchema.parse(body)`, or `schemas.DescribeSuspEvents.response`.
 *
 * They are generated from the same spec as the validators the clients use, and accept, reject and
 * normalize exactly the same values (a test proves it): a response is read as Alibaba's own runtime
 * reads it (`null` is absent, `"45"` where a number is due is 45, and so on), each reading noted
 * ({@link normalizations}); an item of a list of records that still cannot be read is left out and
 * kept apart ({@link rejectedItems}). The main entry does not load zod; only this one does.
 *
 * Also the zod schema of a response rule set ({@link ResponseRuleSetSchema}), whose issues are those
 * `ResponseRules.parse` reports for the shape (a test proves it), and the JSON Schema derived from it
 * for editors ({@link responseRulesJsonSchema}).
 *
 * @packageDocumentation
 */

export type { ValidationIssue } from './errors.js';
export {
  AssumedRoleUserSchema,
  AssumeRoleRequestSchema,
  AssumeRoleResponseSchema,
  DescribeMonitorAccountsRequestSchema,
  DescribeMonitorAccountsResponseSchema,
  DescribeRiskRulesRequestSchema,
  DescribeRiskRulesResponseSchema,
  DescribeSecurityEventOperationStatusRequestSchema,
  DescribeSecurityEventOperationStatusResponseSchema,
  DescribeSecurityEventOperationsRequestSchema,
  DescribeSecurityEventOperationsResponseSchema,
  DescribeSuspEventsRequestSchema,
  DescribeSuspEventsResponseSchema,
  HandleInfoSchema,
  HandleSecurityEventsRequestSchema,
  HandleSecurityEventsResponseSchema,
  HandleSecurityEventsResultSchema,
  ListAccountsInResourceDirectoryRequestSchema,
  ListAccountsInResourceDirectoryResponseSchema,
  ListAccountsRequestSchema,
  ListAccountsResponseSchema,
  MappingMarkFieldSchema,
  MarkFieldSchema,
  MarkFieldSourceSchema,
  MonitorAccountInfoSchema,
  PreHandleAuditRiskRequestSchema,
  PreHandleAuditRiskResponseSchema,
  ResourceDirectoryAccountListSchema,
  ResourceDirectoryAccountSchema,
  ResourceDirectoryAccountTagsSchema,
  ResourceDirectoryTagFilterSchema,
  ResourceDirectoryTagSchema,
  RiskEventSchema,
  SasDirectoryAccountSchema,
  SecurityEventOperationSchema,
  SecurityEventOperationStatusResultSchema,
  SecurityEventOperationStatusSchema,
  StsCredentialsSchema,
  SuspEventDetailSchema,
  SuspEventNoteSchema,
  SuspEventSchema,
  SuspEventTacticItemSchema,
  schemas,
} from './generated/schemas/index.js';
export { ResponseRuleSetSchema, responseRulesJsonSchema } from './rules/schema.js';
export type { Issue } from './validation/checks.js';
export type { IssuePath } from './validation/issue.js';
export { normalizations } from './validation/notes.js';
export { type RejectedItem, rejectedItems } from './validation/rejected.js';
