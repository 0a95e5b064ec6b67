/** What codegen adds to the spec's facts about responses: how they are read, and what they carry. */
import { sorted } from './emit-file.js';
import { insideItem, type NamedType } from './named-types.js';
import type { ActionSpec, FieldSpec } from './spec.js';

/** The note on `RequestId`, which codegen makes optional in every response. */
const REQUEST_ID_NOTE = 'Some answers leave it out: it is then absent.';

/**
 * The response fields of an action as generated: the spec's, but with `RequestId` optional (the service
 * leaves it out of some answers; the spec keeps the documented flag).
 */
export function responseFields(spec: ActionSpec): FieldSpec[] {
  return spec.response.map((field) =>
    field.name === 'RequestId'
      ? {
          ...field,
          required: false,
          notes: field.notes === undefined ? REQUEST_ID_NOTE : `${field.notes} ${REQUEST_ID_NOTE}`,
        }
      : field,
  );
}

/** The top-level response fields that carry the payload (all but `RequestId`), and an envelope's data field. */
export function payloadKeys(spec: ActionSpec): string[] {
  const keys = spec.response.map((field) => field.name).filter((name) => name !== 'RequestId');
  if (spec.responseEnvelope !== undefined) keys.push(spec.responseEnvelope.dataField);
  return sorted(keys);
}

/** How a request's values of other forms are taken, for the doc comment of every request interface. */
export const REQUEST_FORMS =
  'A value that goes on the wire as the same bytes is accepted and converted to what is sent: a number or ' +
  'boolean for a string, digits for a number (an int64 beyond 2^53 stays its digits). Unknown parameters and ' +
  'values outside a closed list are refused; a value outside a list that may grow is sent, with a note.';

/**
 * How a response is read, for the doc comment of every response interface; `lists`: it has lists of
 * records whose unreadable items are kept apart.
 */
export function responseForms(lists: boolean): string {
  return (
    "Read as Alibaba's own runtime reads it, each reading noted: `null` is absent; a number or boolean where a " +
    'string is due is that string; digits where a number is due are that number when exact (an int64 beyond ' +
    "2^53 keeps its digits, as a string); `'true'`, `'false'`, `1`, `0` where a boolean is due are that " +
    'boolean.' +
    (lists
      ? ' An item of a list of records that still cannot be read is left out of the list and kept apart ' +
        '(`rejectedItems(response)`).'
      : '')
  );
}

/** Whether a response has lists of records outside list items (whose unreadable items are kept apart). */
export function hasRecordLists(fields: readonly FieldSpec[], types: readonly NamedType[]): boolean {
  const isRecords = (field: FieldSpec) =>
    field.type === 'array' && field.items?.type === 'object' && !field.required;
  return fields.some(isRecords) || types.some((type) => !insideItem(type) && type.properties.some(isRecords));
}
