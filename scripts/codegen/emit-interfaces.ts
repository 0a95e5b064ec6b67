/** Emits the TypeScript interfaces of an action's request, response and named types, with their docs. */
import { code, docComment, prose } from './doc-comments.js';
import { literal, propertyKey } from './literals.js';
import type { NamedType } from './named-types.js';
import type { ActionSpec, EnumValue, FieldSpec, ItemSpec } from './spec.js';

/** Which interface a field belongs to: request, response, or the JSON text inside a json-string. */
export type Side = 'request' | 'response' | 'content';

function allValues(field: ItemSpec & Partial<FieldSpec>): EnumValue[] {
  return [...(field.enum ?? []), ...(field.enumExtras ?? [])];
}

/** Union members of a field's TypeScript type; request arrays are `readonly` so callers may pass either kind. */
function tsMembers(item: ItemSpec & Partial<FieldSpec>, side: Side): string[] {
  switch (item.type) {
    case 'string':
    case 'integer':
    case 'int64': {
      const base = item.type === 'string' ? 'string' : 'number';
      // An int64 beyond 2^53 is exact only as its digits.
      if (item.enum === undefined)
        return item.type === 'int64' && side !== 'content' ? ['number', 'string'] : [base];
      const members = allValues(item).map(literal);
      return item.enumOpen ? [...members, `(${base} & {})`] : members;
    }
    case 'boolean':
      return ['boolean'];
    case 'json-string':
      return ['string'];
    case 'object':
      return [item.typeName ?? 'Record<string, unknown>'];
    case 'array': {
      const inner = tsMembers(item.items ?? { type: 'string' }, side);
      const array = inner.length === 1 ? `${inner[0]}[]` : `(${inner.join(' | ')})[]`;
      return [side === 'response' ? array : `readonly ${array}`];
    }
  }
}

/** How an int64 is typed, by side. */
const INT64_NOTE: Record<'request' | 'response', string> = {
  request:
    'An int64: its digits (a string) are accepted too, and send a value beyond 2^53 (`Number.MAX_SAFE_INTEGER`) exactly.',
  response:
    'An int64: a number, or beyond 2^53 (`Number.MAX_SAFE_INTEGER`) its exact decimal digits, as a string.',
};

function fieldDoc(field: FieldSpec, side: Side): string[] {
  const lines = [prose(field.description)];
  if (field.enum !== undefined) {
    lines.push('');
    if (!field.enumOpen) lines.push('Allowed values:');
    else
      lines.push(
        side === 'response' ? 'Known values (others may appear):' : 'Known values (others are accepted):',
      );
    for (const value of allValues(field)) {
      const meaning = field.enumDescriptions?.[String(value)];
      const extra = field.enumExtras?.includes(value) === true ? ' (not in the SDK enum)' : '';
      lines.push(`- ${code(String(value))}${meaning === undefined ? '' : `: ${prose(meaning)}`}${extra}`);
    }
    if (field.enumExtrasNote !== undefined) lines.push('', prose(field.enumExtrasNote));
  }
  const notes: string[] = [];
  if (field.in === 'body') notes.push('Sent in the form body, not the query string.');
  if (field.serialization === 'repeatList') {
    const sub =
      field.items?.type === 'object' ? ` (object members as ${code(`${field.name}.1.Member`)})` : '';
    notes.push(`Sent as a repeat list (${code(`${field.name}.1`)}, ${code(`${field.name}.2`)}, ...)${sub}.`);
  }
  if (field.serialization === 'commaJoined')
    notes.push(`Sent as one comma-joined value: ${code(`${field.name}=a,b`)}.`);
  if (field.type === 'json-string') {
    const content = field.content;
    const item = content?.type === 'array' ? content.items : content;
    const shape =
      item?.typeName === undefined
        ? ''
        : content?.type === 'array'
          ? ` (an array of {@link ${item.typeName}})`
          : ` (a {@link ${item.typeName}})`;
    notes.push(`Must hold JSON text${shape}; it is sent as is, not flattened.`);
  }
  if (side !== 'content' && (field.type === 'int64' || field.items?.type === 'int64'))
    notes.push(INT64_NOTE[side]);
  if (field.pattern !== undefined) notes.push(`Must match ${code(field.pattern)}.`);
  if (field.minItems !== undefined)
    notes.push(`At least ${field.minItems} item${field.minItems === 1 ? '' : 's'}.`);
  if (field.maxItems !== undefined) notes.push(`At most ${field.maxItems} items.`);
  for (const coercion of field.coerce ?? []) {
    notes.push(
      coercion === 'objectToJson'
        ? 'A JSON object in this position is accepted and re-serialized to a string.'
        : 'A number in this position is accepted and converted to a string.',
    );
  }
  if (field.notes !== undefined) notes.push(prose(field.notes));
  if (field.example !== undefined && field.example.length <= 80 && !field.example.includes('`')) {
    notes.push(`Example: ${code(field.example)}`);
  }
  if (notes.length > 0) lines.push('', notes.join(' '));
  if (field.default !== undefined) lines.push('', `@defaultValue ${code(field.default)}`);
  return lines;
}

function emitProperty(field: FieldSpec, side: Side): string[] {
  const type = tsMembers(field, side).join(' | ');
  return [
    ...docComment(fieldDoc(field, side), '  '),
    `  ${propertyKey(field.name)}${field.required ? '' : '?'}: ${type};`,
  ];
}

/**
 * An exported interface `name` with the doc comment `doc` and one documented property per field; for no
 * fields (an action that takes no parameters), the type of an empty object.
 */
export function emitInterface(
  name: string,
  doc: readonly string[],
  fields: readonly FieldSpec[],
  side: Side,
): string[] {
  if (fields.length === 0) return [...docComment(doc, ''), `export type ${name} = Record<string, never>;`];
  const lines = [...docComment(doc, ''), `export interface ${name} {`];
  fields.forEach((field, index) => {
    if (index > 0) lines.push('');
    lines.push(...emitProperty(field, side));
  });
  lines.push('}');
  return lines;
}

/** The doc comment of a named type: where in the action it occurs, then its field's description. */
export function typeDoc(type: NamedType, spec: ActionSpec, side: Side): string[] {
  const where = side === 'content' ? `${spec.action} request` : `${spec.action} ${side}`;
  const role = type.element ? `An element of ${code(type.path)}` : code(type.path);
  if (side === 'content') {
    return [
      `Shape of the JSON text in ${code(type.path)} (${where})${type.element ? ', one element of the array' : ''}.`,
      `Build it, then pass ${code('JSON.stringify(value)')}.`,
      '',
      prose(type.description),
    ];
  }
  return [`${role} in the ${where}.`, '', prose(type.description)];
}
