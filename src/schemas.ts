/**
 * zod schemas of the six actions' requests and responses, for callers who validate or compose with
 * zod: `DescribeSuspEventsResponseSchema.parse(body)`, or `schemas.DescribeSuspEvents.response`.
 *
 * They are generated from the same spec as the validators the clients use, and accept, reject and
 * normalize exactly the same values (a test proves it). The main entry does not load zod; only this
 * one does.
 *
 * @packageDocumentation
 */
export {
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
  MappingMarkFieldSchema,
  MarkFieldSchema,
  MarkFieldSourceSchema,
  PreHandleAuditRiskRequestSchema,
  PreHandleAuditRiskResponseSchema,
  RiskEventSchema,
  SecurityEventOperationSchema,
  SecurityEventOperationStatusResultSchema,
  SecurityEventOperationStatusSchema,
  SuspEventDetailSchema,
  SuspEventNoteSchema,
  SuspEventSchema,
  SuspEventTacticItemSchema,
  schemas,
} from './generated/schemas/index.js';
