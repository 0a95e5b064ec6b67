/**
 * Emits the plain validators of an action (no zod), mirroring the zod schemas rule for rule. Requests
 * (small, once per call) are checked by the combinators of `src/validation/checks.ts`; responses (a page
 * holds 100 alerts of 57 fields) by straight-line functions that read each member by name, so that a
 * page costs microseconds.
 */
import { literal, propertyKey } from './literals.js';
import type { ActionSpec, Coercion, FieldSpec, ItemSpec } from './spec.js';

/** How the validators name the combinators module in generated code. */
export const CHECKS = 'v';

/** Name of the check of a named type, e.g. `checkSuspEvent`. */
export function checkName(typeName: string): string {
  return `check${typeName}`;
}

/** The expression checking one field or array item. */
export function checkExpression(item: ItemSpec & Partial<FieldSpec>): string {
  let base: string;
  switch (item.type) {
    case 'string':
      base =
        item.enum !== undefined && !item.enumOpen
          ? `${CHECKS}.oneOf([${item.enum.map(literal).join(', ')}])`
          : item.pattern !== undefined
            ? `${CHECKS}.matching(/${item.pattern.replace(/\//g, '\\/')}/)`
            : `${CHECKS}.string`;
      break;
    case 'integer':
    case 'int64':
      base =
        item.enum !== undefined && !item.enumOpen
          ? `${CHECKS}.oneOf([${item.enum.map(literal).join(', ')}])`
          : `${CHECKS}.integer`;
      break;
    case 'boolean':
      base = `${CHECKS}.boolean`;
      break;
    case 'json-string':
      base = `${CHECKS}.jsonText`;
      break;
    case 'object':
      base = `${CHECKS}.object(${checkName(item.typeName ?? 'Unnamed')})`;
      break;
    case 'array': {
      const limits = [
        item.minItems === undefined ? '' : `min: ${item.minItems}`,
        item.maxItems === undefined ? '' : `max: ${item.maxItems}`,
      ].filter(Boolean);
      const inner = checkExpression(item.items ?? { type: 'string' });
      base = `${CHECKS}.arrayOf(${inner}${limits.length > 0 ? `, { ${limits.join(', ')} }` : ''})`;
      break;
    }
  }
  const coercions: Coercion[] = item.coerce ?? [];
  // The zod schemas apply the last listed normalization first (`a(b(value))`); so do these.
  return coercions.reduce((check, coercion) => `${CHECKS}.normalized(${CHECKS}.${coercion}, ${check})`, base);
}

/** The members of an object shape, one line each. */
export function shapeLines(fields: readonly FieldSpec[]): string[] {
  return fields.map(
    (field) =>
      `  ${propertyKey(field.name)}: ${CHECKS}.${field.required ? 'required' : 'optional'}(${checkExpression(field)}),`,
  );
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

/** The type test of a member whose check never changes it, or undefined when it needs its check. */
function fastTest(field: FieldSpec): string | undefined {
  if ((field.coerce ?? []).length > 0 || (field.enum !== undefined && !field.enumOpen)) return undefined;
  if (field.type === 'string' && field.pattern === undefined) return "typeof member !== 'string'";
  if (field.type === 'boolean') return "typeof member !== 'boolean'";
  if (field.type === 'integer' || field.type === 'int64') return '!Number.isSafeInteger(member)';
  return undefined;
}

/**
 * The function checking a response object in place: reads each member by name, tests its type
 * inline, and calls a check only to report an issue, to walk a nested value or to normalize it.
 */
export function responseCheck(
  typeName: string,
  fields: readonly FieldSpec[],
  envelope?: ActionSpec['responseEnvelope'],
): string[] {
  const name = checkName(typeName);
  const hoisted: string[] = [];
  const body: string[] = [];
  // One variable holds each member in turn, declared by the first read (`const` when there is one member).
  const declare = fields.length > 1 ? 'let member: unknown =' : 'const member =';
  for (const [index, field] of fields.entries()) {
    const key = literal(field.name);
    const access = `record${memberAccess(field.name)}`;
    body.push(`  ${index === 0 ? declare : 'member ='} ${access};`);
    const test = fastTest(field);
    if (test !== undefined) {
      const scalar = field.type === 'string' ? 'string' : field.type === 'boolean' ? 'boolean' : 'integer';
      const condition = field.required ? test : `member !== undefined && ${test}`;
      body.push(`  if (${condition}) ${CHECKS}.${scalar}(member, path, ${key}, issues);`);
      continue;
    }
    const check = `${lowerFirst(typeName)}${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}Check`;
    hoisted.push(`const ${check}: ${CHECKS}.Check = ${checkExpression(field)};`);
    body.push(`  if (member !== undefined) ${access} = ${check}(member, path, ${key}, issues);`);
    if (field.required) body.push(`  else ${check}(member, path, ${key}, issues);`);
  }
  const start =
    envelope === undefined
      ? [
          `  if (!${CHECKS}.isRecord(value)) return ${CHECKS}.notAnObject(value, path, issues);`,
          '  const record = value;',
        ]
      : [
          `  const record = ${CHECKS}.unwrapEnvelope(value, ${lowerFirst(typeName)}Envelope);`,
          `  if (!${CHECKS}.isRecord(record)) return ${CHECKS}.notAnObject(record, path, issues);`,
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
    `function ${name}(value: unknown, path: ${CHECKS}.Path, issues: ${CHECKS}.Issue[]): unknown {`,
    ...start,
    ...body,
    '  return record;',
    '}',
  ];
}
