/** Parsing and validation of the request and response fields of an action file. */
import {
  bool,
  checkKeys,
  count,
  fail,
  isRecord,
  type Json,
  oneLine,
  oneOf,
  optStr,
  str,
  type TypeNames,
} from './spec-checks.js';
import {
  COERCIONS,
  type EnumValue,
  FIELD_TYPES,
  type FieldSpec,
  type FieldType,
  type ItemSpec,
  SERIALIZATIONS,
} from './spec-model.js';

const FIELD_KEYS = new Set([
  'name',
  'type',
  'required',
  'description',
  'enum',
  'enumOpen',
  'enumExtras',
  'enumExtrasNote',
  'enumDescriptions',
  'default',
  'example',
  'in',
  'serialization',
  'pattern',
  'minItems',
  'maxItems',
  'coerce',
  'typeName',
  'properties',
  'items',
  'content',
  'notes',
]);
const ITEM_KEYS = new Set(['type', 'typeName', 'properties', 'items']);

/** Where a field sits: in a request, in a response, or inside the JSON text of a json-string. */
export type Side = 'request' | 'response' | 'content';

function enumValues(raw: unknown, type: FieldType, key: string, where: string): EnumValue[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(where, `"${key}" must be a non-empty array`);
  const values: EnumValue[] = [];
  for (const value of raw) {
    if (type === 'string') {
      if (typeof value !== 'string') fail(where, `"${key}" values of a string field must be strings`);
    } else if (type === 'integer' || type === 'int64') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        fail(where, `"${key}" values of an integer field must be integers`);
      }
    } else {
      fail(where, `"${key}" is only allowed on string and integer fields`);
    }
    if (values.includes(value)) fail(where, `"${key}" lists ${JSON.stringify(value)} twice`);
    values.push(value);
  }
  return values;
}

function parseItem(raw: unknown, where: string, side: Side, names: TypeNames, file: string): ItemSpec {
  if (!isRecord(raw)) fail(where, 'must be an object');
  checkKeys(raw, ITEM_KEYS, where);
  const type = parseType(raw, where);
  const item: ItemSpec = { type };
  parseNested(raw, item, where, side, names, file);
  return item;
}

function parseType(raw: Json, where: string): FieldType {
  if (raw.type === undefined) fail(where, 'missing "type"');
  return oneOf(raw, 'type', FIELD_TYPES, where);
}

/** typeName / properties / items, shared by fields and items. */
function parseNested(raw: Json, target: ItemSpec, where: string, side: Side, names: TypeNames, file: string) {
  if (target.type === 'object') {
    const typeName = str(raw, 'typeName', where);
    names.claim(typeName, where);
    target.typeName = typeName;
    target.properties = parseFields(raw.properties, where, side, names, file);
  } else {
    if (raw.typeName !== undefined) fail(where, '"typeName" is only allowed on objects');
    if (raw.properties !== undefined) fail(where, '"properties" is only allowed on objects');
  }
  if (target.type === 'array') {
    if (raw.items === undefined) fail(where, 'an array needs "items"');
    target.items = parseItem(raw.items, `${where}[]`, side, names, file);
    if (target.items.type === 'array') fail(`${where}[]`, 'arrays of arrays are not supported');
  } else if (raw.items !== undefined) {
    fail(where, '"items" is only allowed on arrays');
  }
}

/**
 * Parses the field list at `parent` (`''` for the top level of `side`), claiming every typeName in `names`.
 * Fails on the first problem, naming its path.
 */
export function parseFields(
  raw: unknown,
  parent: string,
  side: Side,
  names: TypeNames,
  file: string,
): FieldSpec[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(parent || side, '"properties" must be a non-empty array');
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const label = isRecord(entry) && typeof entry.name === 'string' ? entry.name : `#${index}`;
    const where = parent === '' ? `${side}.${label}` : `${parent}.${label}`;
    const field = parseField(entry, where, side, names, file);
    if (seen.has(field.name)) fail(where, `duplicate field name "${field.name}"`);
    seen.add(field.name);
    return field;
  });
}

function parseField(raw: unknown, where: string, side: Side, names: TypeNames, file: string): FieldSpec {
  if (!isRecord(raw)) fail(where, 'must be an object');
  checkKeys(raw, FIELD_KEYS, where);
  const name = str(raw, 'name', where);
  const type = parseType(raw, where);
  if (raw.required === undefined) fail(where, 'missing "required"');
  const required = bool(raw, 'required', where);
  if (raw.description === undefined) fail(where, 'missing "description"');
  const description = oneLine(raw, 'description', where);
  const field: FieldSpec = { name, type, required, description };
  parseNested(raw, field, where, side, names, file);

  if (raw.enum !== undefined) {
    field.enum = enumValues(raw.enum, type, 'enum', where);
    if (raw.enumOpen === undefined) fail(where, 'a field with "enum" must say "enumOpen": true or false');
    field.enumOpen = bool(raw, 'enumOpen', where);
    if (side === 'response' && !field.enumOpen) fail(where, 'response enums must be open ("enumOpen": true)');
  } else {
    for (const key of ['enumOpen', 'enumExtras', 'enumExtrasNote', 'enumDescriptions']) {
      if (raw[key] !== undefined) fail(where, `"${key}" needs "enum"`);
    }
  }
  if (raw.enumExtras !== undefined) {
    field.enumExtras = enumValues(raw.enumExtras, type, 'enumExtras', where);
    if (!field.enumOpen) fail(where, '"enumExtras" needs "enumOpen": true');
    for (const value of field.enumExtras) {
      if (field.enum?.includes(value))
        fail(where, `"enumExtras" repeats ${JSON.stringify(value)} from "enum"`);
    }
    field.enumExtrasNote = oneLine(raw, 'enumExtrasNote', where);
  } else if (raw.enumExtrasNote !== undefined) {
    fail(where, '"enumExtrasNote" needs "enumExtras"');
  }
  if (raw.enumDescriptions !== undefined) {
    const descriptions = raw.enumDescriptions;
    if (!isRecord(descriptions)) fail(where, '"enumDescriptions" must be an object');
    const known = [...(field.enum ?? []), ...(field.enumExtras ?? [])].map(String);
    field.enumDescriptions = {};
    for (const [value, text] of Object.entries(descriptions)) {
      if (!known.includes(value)) fail(where, `"enumDescriptions" describes unknown value "${value}"`);
      if (typeof text !== 'string' || text === '' || /[\r\n]/.test(text)) {
        fail(where, `"enumDescriptions.${value}" must be a one-line string`);
      }
      field.enumDescriptions[value] = text;
    }
  }

  const defaultValue = optStr(raw, 'default', where);
  if (defaultValue !== undefined) field.default = defaultValue;
  if (raw.example !== undefined) {
    if (typeof raw.example !== 'string') fail(where, '"example" must be a string');
    field.example = raw.example;
  }
  const notes = raw.notes === undefined ? undefined : oneLine(raw, 'notes', where);
  if (notes !== undefined) field.notes = notes;

  if (raw.in !== undefined) {
    if (side !== 'request' || where.split('.').length !== 2)
      fail(where, '"in" is only allowed on top-level request parameters');
    field.in = oneOf(raw, 'in', ['query', 'body'] as const, where);
  }

  if (raw.serialization !== undefined)
    field.serialization = oneOf(raw, 'serialization', SERIALIZATIONS, where);
  if (type === 'json-string' && field.serialization !== 'json')
    fail(where, 'a json-string needs "serialization": "json"');
  if (field.serialization === 'json' && type !== 'json-string')
    fail(where, '"serialization": "json" needs type json-string');
  const topLevelRequest = side === 'request' && where.split('.').length === 2;
  if (type === 'array' && topLevelRequest && field.serialization === undefined) {
    fail(where, 'a request array needs "serialization": "repeatList" or "commaJoined"');
  }
  if (field.serialization === 'repeatList' || field.serialization === 'commaJoined') {
    if (type !== 'array' || !topLevelRequest)
      fail(where, `"${field.serialization}" is only for top-level request arrays`);
  }
  if (
    field.serialization === 'commaJoined' &&
    (field.items?.type === 'object' || field.items?.type === 'json-string')
  ) {
    fail(where, '"commaJoined" arrays must hold scalars');
  }

  if (raw.pattern !== undefined) {
    if (type !== 'string') fail(where, '"pattern" is only allowed on strings');
    field.pattern = str(raw, 'pattern', where);
    try {
      new RegExp(field.pattern);
    } catch {
      fail(where, `"pattern" is not a valid regular expression`);
    }
  }
  const minItems = count(raw, 'minItems', where);
  const maxItems = count(raw, 'maxItems', where);
  if ((minItems !== undefined || maxItems !== undefined) && type !== 'array') {
    fail(where, '"minItems"/"maxItems" are only allowed on arrays');
  }
  if (minItems !== undefined) field.minItems = minItems;
  if (maxItems !== undefined) field.maxItems = maxItems;

  if (raw.coerce !== undefined) {
    if (side !== 'response' || type !== 'string')
      fail(where, '"coerce" is only allowed on response string fields');
    if (!Array.isArray(raw.coerce) || raw.coerce.length === 0)
      fail(where, '"coerce" must be a non-empty array');
    field.coerce = raw.coerce.map((value, index) =>
      oneOf({ value }, 'value', COERCIONS, `${where}.coerce[${index}]`),
    );
  }

  if (raw.content !== undefined) {
    if (type !== 'json-string') fail(where, '"content" is only allowed on json-string fields');
    field.content = parseItem(raw.content, `${where}{}`, 'content', names, file);
    if (field.content.type !== 'object' && field.content.type !== 'array') {
      fail(`${where}{}`, 'JSON content must be an object or an array');
    }
  }
  return field;
}
