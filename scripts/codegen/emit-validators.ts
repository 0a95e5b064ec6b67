/**
 * Emits the plain validators of an action (no zod), mirroring the zod schemas rule for rule. Requests
 * (small, once per call) are checked by the combinators of `src/validation/checks.ts`; responses (a page
 * holds 100 alerts of 57 fields) by straight-line functions that read each member by name, so that a
 * page costs microseconds.
 *
 * Requests accept a value of another form that goes on the wire as the same bytes, converted to what is
 * sent (`v.sent`); responses read values of other forms as Alibaba's runtime reads them (`v.read...`),
 * noting each reading; see `src/validation/readings.ts`.
 */
import { literal, regexLiteral } from './literals.js';
import type { ActionSpec, FieldSpec, ItemSpec } from './spec.js';

/** How the validators name the combinators module in generated code. */
export const CHECKS = 'v';

/** Name of the check of a named type, e.g. `checkSuspEvent`. */
export function checkName(typeName: string): string {
  return `check${typeName}`;
}

/** The values a request parameter may take without a note: its enum and the values documented elsewhere. */
export function documentedValues(field: ItemSpec & Partial<FieldSpec>): (string | number)[] {
  return [...(field.enum ?? []), ...(field.enumExtras ?? [])];
}

/** The scalar kind of a spec type, as `src/validation/readings.ts` names it. */
export function scalarKind(
  type: ItemSpec['type'],
): 'string' | 'json' | 'integer' | 'int64' | 'boolean' | undefined {
  switch (type) {
    case 'string':
    case 'integer':
    case 'int64':
    case 'boolean':
      return type;
    case 'json-string':
      return 'json';
    default:
      return undefined;
  }
}

/** The check of a scalar's value once it has its documented type (no reading, no conversion). */
function typeCheck(item: ItemSpec & Partial<FieldSpec>, side: 'request' | 'response'): string {
  const closed = item.enum !== undefined && !item.enumOpen;
  switch (item.type) {
    case 'string':
      if (closed) return `${CHECKS}.oneOf([${(item.enum ?? []).map(literal).join(', ')}])`;
      if (item.pattern !== undefined) return `${CHECKS}.matching(${regexLiteral(item.pattern)})`;
      if (side === 'request' && item.enum !== undefined) {
        return `${CHECKS}.documented([${documentedValues(item).map(String).map(literal).join(', ')}])`;
      }
      return `${CHECKS}.string`;
    case 'integer':
    case 'int64':
      if (closed) return `${CHECKS}.oneOf([${(item.enum ?? []).map(literal).join(', ')}])`;
      return item.type === 'int64' ? `${CHECKS}.int64` : `${CHECKS}.integer`;
    case 'boolean':
      return `${CHECKS}.boolean`;
    case 'json-string':
      return `${CHECKS}.jsonText`;
    default:
      throw new Error(`not a scalar: ${item.type}`);
  }
}

/** The expression checking a request parameter or an item of one. */
export function requestExpression(item: ItemSpec & Partial<FieldSpec>): string {
  const kind = scalarKind(item.type);
  if (kind !== undefined) {
    const check = typeCheck(item, 'request');
    const plain: Record<string, string> = {
      string: `${CHECKS}.string`,
      json: `${CHECKS}.jsonText`,
      boolean: `${CHECKS}.boolean`,
      integer: `${CHECKS}.integer`,
      int64: `${CHECKS}.int64`,
    };
    return check === plain[kind]
      ? `${CHECKS}.send${kind.charAt(0).toUpperCase()}${kind.slice(1)}`
      : `${CHECKS}.sent(${literal(kind)}, ${check})`;
  }
  if (item.type === 'object') return `${CHECKS}.object(${checkName(item.typeName ?? 'Unnamed')})`;
  const limits = [
    item.minItems === undefined ? '' : `min: ${item.minItems}`,
    item.maxItems === undefined ? '' : `max: ${item.maxItems}`,
  ].filter(Boolean);
  const inner = requestExpression(item.items ?? { type: 'string' });
  return `${CHECKS}.arrayOf(${inner}${limits.length > 0 ? `, { ${limits.join(', ')} }` : ''})`;
}

/** Whether a response field's JSON object or array is read as its JSON text (`coerce: objectToJson`). */
export function readsObjects(field: Partial<FieldSpec>): boolean {
  return field.coerce?.includes('objectToJson') === true;
}

/** The reading of a response scalar (a field, or `item`: an element of a list). */
function readExpression(item: ItemSpec & Partial<FieldSpec>, element: boolean): string {
  const kind = scalarKind(item.type) ?? 'string';
  const check = typeCheck(item, 'response');
  if (element) return `${CHECKS}.readItem(${literal(kind)}, ${check})`;
  const objects = readsObjects(item);
  const named: Record<string, string> = {
    [`string ${CHECKS}.string`]: 'readString',
    [`boolean ${CHECKS}.boolean`]: 'readBoolean',
    [`integer ${CHECKS}.integer`]: 'readInteger',
    [`int64 ${CHECKS}.int64`]: 'readInt64',
  };
  const shorthand = objects ? undefined : named[`${kind} ${check}`];
  return shorthand !== undefined
    ? `${CHECKS}.${shorthand}`
    : `${CHECKS}.read(${literal(kind)}, ${check}${objects ? ', true' : ''})`;
}

/**
 * The expression checking a response field. `inItem`: the field belongs to an item of a list, so a list
 * of records in it is part of that item; elsewhere such a list keeps its unreadable items apart.
 */
export function responseExpression(field: ItemSpec & Partial<FieldSpec>, inItem: boolean): string {
  const nullable = (check: string) => (field.required === true ? check : `${CHECKS}.nullable(${check})`);
  switch (field.type) {
    case 'object':
      return nullable(`${CHECKS}.object(${checkName(field.typeName ?? 'Unnamed')})`);
    case 'array': {
      const items = field.items ?? { type: 'string' };
      if (items.type === 'object') {
        const check = checkName(items.typeName ?? 'Unnamed');
        return !inItem && field.required !== true
          ? `${CHECKS}.records(${check})`
          : nullable(`${CHECKS}.arrayOf(${CHECKS}.object(${check}))`);
      }
      return nullable(`${CHECKS}.arrayOf(${readExpression(items, true)})`);
    }
    default:
      return readExpression(field, false);
  }
}

/** The members of a request object shape, one line each. */
export function shapeLines(fields: readonly FieldSpec[]): string[] {
  return fields.map(
    (field) =>
      `  ${propertyName(field.name)}: ${CHECKS}.${field.required ? 'required' : 'optional'}(${requestExpression(field)}),`,
  );
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
}

/**
 * The statement declaring the check of a request object: a strict object (unknown keys rejected) that
 * returns a copy, with the action's one-of rules when given.
 */
export function requestCheck(
  name: string,
  fields: readonly FieldSpec[],
  rules: readonly string[][] = [],
): string[] {
  const listed = rules.map(
    (group) =>
      `{ keys: [${group.map(literal).join(', ')}], message: ${literal(`Give at least one of ${group.join(' or ')}`)} }`,
  );
  return [
    `const ${name}: ${CHECKS}.ObjectCheck = ${CHECKS}.strictObject({`,
    ...shapeLines(fields),
    `}${rules.length === 0 ? '' : `, [${listed.join(', ')}]`});`,
  ];
}

function lowerFirst(name: string): string {
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

function memberAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${literal(name)}]`;
}

/** The type test of a member that needs no reading, or undefined when it always needs its check. */
function fastTest(field: FieldSpec): string | undefined {
  if (readsObjects(field)) return undefined;
  if (field.type === 'string' && field.pattern === undefined) return "typeof member !== 'string'";
  if (field.type === 'boolean') return "typeof member !== 'boolean'";
  if (field.type === 'integer' || field.type === 'int64') return '!Number.isSafeInteger(member)';
  return undefined;
}

/**
 * The function checking a response object: reads each member by name, tests its type inline, and calls
 * a check only to report an issue, to read a value of another form or to walk a nested value. It
 * returns the object, or a copy (made once, by `v.set`) holding what members were read as.
 */
export function responseCheck(
  typeName: string,
  fields: readonly FieldSpec[],
  options: { envelope?: ActionSpec['responseEnvelope']; inItem?: boolean } = {},
): string[] {
  const { envelope, inItem = false } = options;
  const name = checkName(typeName);
  const hoisted: string[] = [];
  const body: string[] = [];
  // One variable holds each member in turn, declared by the first read (`const` when there is one member).
  const declare = fields.length > 1 ? 'let member: unknown =' : 'const member =';
  for (const [index, field] of fields.entries()) {
    const key = literal(field.name);
    body.push(`  ${index === 0 ? declare : 'member ='} value${memberAccess(field.name)};`);
    const keep = (check: string) => `record = ${CHECKS}.keep(record, value, ${key}, ${check}, path, ctx);`;
    const test = fastTest(field);
    let check: string;
    if (test !== undefined) {
      check = readExpression(field, false);
    } else {
      check = `${lowerFirst(typeName)}${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}Check`;
      hoisted.push(`const ${check}: ${CHECKS}.Check = ${responseExpression(field, inItem)};`);
    }
    const call = keep(check);
    if (!field.required) {
      body.push(`  if (member !== undefined${test === undefined ? '' : ` && ${test}`}) ${call}`);
    } else if (scalarKind(field.type) !== undefined) {
      // A required scalar that is missing or null is reported as such, not read as absent.
      const strict = typeCheck(field, 'response');
      body.push(`  if (member === undefined || member === null) ${strict}(member, path, ${key}, ctx);`);
      body.push(`  else${test === undefined ? '' : ` if (${test})`} ${call}`);
    } else {
      body.push(`  if (member !== undefined) ${call}`);
      body.push(`  else ${check}(member, path, ${key}, ctx);`);
    }
  }
  const start =
    envelope === undefined
      ? [`  if (!${CHECKS}.isRecord(value)) return ${CHECKS}.notAnObject(value, path, ctx);`]
      : [
          `  const value = ${CHECKS}.unwrapEnvelope(body, ${lowerFirst(typeName)}Envelope);`,
          `  if (!${CHECKS}.isRecord(value)) return ${CHECKS}.notAnObject(value, path, ctx);`,
        ];
  if (envelope !== undefined) {
    const { dataField, requestIdField, requestIdTarget } = envelope;
    hoisted.unshift(
      `const ${lowerFirst(typeName)}Envelope: ${CHECKS}.Envelope = {`,
      `  dataField: ${literal(dataField)},`,
      `  requestIdField: ${literal(requestIdField)},`,
      `  requestIdTarget: ${literal(requestIdTarget)},`,
      '};',
    );
  }
  return [
    ...hoisted,
    ...(hoisted.length > 0 ? [''] : []),
    `function ${name}(${envelope === undefined ? 'value' : 'body'}: unknown, path: ${CHECKS}.Path, ctx: ${CHECKS}.Context): unknown {`,
    ...start,
    '  let record = value;',
    ...body,
    '  return record;',
    '}',
  ];
}
