import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The closed set of field types a spec may use. */
export const FIELD_TYPES = [
  'string',
  'integer',
  'int64',
  'boolean',
  'json-string',
  'array',
  'object',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Response normalizations a field may ask for. */
export const COERCIONS = ['objectToJson', 'numberToString'] as const;
export type Coercion = (typeof COERCIONS)[number];

export const SERIALIZATIONS = ['repeatList', 'commaJoined', 'json'] as const;
export type Serialization = (typeof SERIALIZATIONS)[number];

export type EnumValue = string | number;

/** Element type of an array, or the shape of the JSON held by a json-string. */
export interface ItemSpec {
  type: FieldType;
  typeName?: string;
  properties?: FieldSpec[];
  items?: ItemSpec;
}

/** One request parameter or response field. */
export interface FieldSpec extends ItemSpec {
  name: string;
  required: boolean;
  description: string;
  enum?: EnumValue[];
  enumOpen?: boolean;
  enumExtras?: EnumValue[];
  enumExtrasNote?: string;
  enumDescriptions?: Record<string, string>;
  default?: string;
  example?: string;
  in?: 'query' | 'body';
  serialization?: Serialization;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  coerce?: Coercion[];
  content?: ItemSpec;
  notes?: string;
}

/** How a wrapped response body is turned into the documented flat shape. */
export interface EnvelopeSpec {
  description: string;
  dataField: string;
  requestIdField: string;
  requestIdTarget: string;
}

export interface ActionSpec {
  /** Spec file, relative to the spec directory. */
  file: string;
  action: string;
  product: 'Sas' | 'Sddp';
  version: string;
  summary: string;
  verified: boolean;
  caveat?: string;
  method: 'POST' | 'GET';
  style: 'RPC';
  pathname: string;
  reqBodyType: 'formData' | 'json';
  bodyType: 'json';
  ramAction: string;
  mutating: boolean;
  requireOneOf?: string[][];
  responseEnvelope?: EnvelopeSpec;
  request: FieldSpec[];
  response: FieldSpec[];
}

export interface ProductSpec {
  version: string;
  productId: string;
  ramNamespace: string;
  endpointRule: 'regional';
  endpointMap: Record<string, string>;
  fallbackEndpoint: string;
  fallbackNote?: string;
}

export interface Spec {
  products: Record<'Sas' | 'Sddp', ProductSpec>;
  /** Sorted by action name. */
  actions: ActionSpec[];
}

/** Thrown for any spec that is malformed; the message names the file and field path. */
export class SpecError extends Error {
  override name = 'SpecError';
}

const PRODUCTS = ['Sas', 'Sddp'] as const;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const ACTION_NAME = /^[A-Z][A-Za-z0-9]*$/;

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
const ACTION_KEYS = new Set([
  'action',
  'product',
  'version',
  'summary',
  'verified',
  'caveat',
  'method',
  'style',
  'pathname',
  'reqBodyType',
  'bodyType',
  'ramAction',
  'mutating',
  'requireOneOf',
  'responseEnvelope',
  'request',
  'response',
]);
const PRODUCT_KEYS = new Set([
  'version',
  'productId',
  'ramNamespace',
  'endpointRule',
  'endpointMap',
  'fallbackEndpoint',
  'fallbackNote',
]);
const ENVELOPE_KEYS = new Set(['description', 'dataField', 'requestIdField', 'requestIdTarget']);

type Json = Record<string, unknown>;
type Side = 'request' | 'response' | 'content';

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, message: string): never {
  throw new SpecError(`${where}: ${message}`);
}

function checkKeys(obj: Json, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) fail(where, `unknown key "${key}" (allowed: ${[...allowed].join(', ')})`);
  }
}

function str(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') fail(where, `"${key}" must be a non-empty string`);
  return value;
}

function optStr(obj: Json, key: string, where: string): string | undefined {
  return obj[key] === undefined ? undefined : str(obj, key, where);
}

function oneLine(obj: Json, key: string, where: string): string {
  const value = str(obj, key, where);
  if (/[\r\n]/.test(value)) fail(where, `"${key}" must be one line`);
  return value;
}

function bool(obj: Json, key: string, where: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') fail(where, `"${key}" must be true or false`);
  return value;
}

function oneOf<T extends string>(obj: Json, key: string, allowed: readonly T[], where: string): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where, `"${key}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function count(obj: Json, key: string, where: string): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(where, `"${key}" must be a non-negative integer`);
  }
  return value;
}

/** Tracks typeNames across the whole spec so generated exports cannot collide. */
class TypeNames {
  readonly #seen = new Map<string, string>();
  #file = '';
  /** Names the file whose fields are being claimed, for messages about collisions. */
  enter(file: string): void {
    this.#file = file;
  }
  claim(name: string, where: string): void {
    if (!TYPE_NAME.test(name)) fail(where, `"typeName" must be a PascalCase identifier; got "${name}"`);
    const previous = this.#seen.get(name);
    if (previous !== undefined) fail(where, `typeName "${name}" is already used at ${previous}`);
    this.#seen.set(name, this.#file === '' ? where : `${this.#file}: ${where}`);
  }
}

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

function parseFields(raw: unknown, parent: string, side: Side, names: TypeNames, file: string): FieldSpec[] {
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

function parseEnvelope(raw: unknown, where: string): EnvelopeSpec {
  if (!isRecord(raw)) fail(where, 'must be an object');
  checkKeys(raw, ENVELOPE_KEYS, where);
  return {
    description: oneLine(raw, 'description', where),
    dataField: str(raw, 'dataField', where),
    requestIdField: str(raw, 'requestIdField', where),
    requestIdTarget: str(raw, 'requestIdTarget', where),
  };
}

function parseAction(raw: unknown, file: string, products: Spec['products'], names: TypeNames): ActionSpec {
  names.enter(file);
  if (!isRecord(raw)) fail(file, 'must hold a JSON object');
  checkKeys(raw, ACTION_KEYS, file);
  const action = str(raw, 'action', file);
  if (!ACTION_NAME.test(action)) fail(file, `"action" must be a PascalCase name; got "${action}"`);
  const product = oneOf(raw, 'product', PRODUCTS, file);
  const productSpec = products[product];
  const expectedFile = `${productSpec.productId}/${action}.json`;
  if (file !== expectedFile) fail(file, `action ${action} of ${product} belongs in ${expectedFile}`);
  const version = str(raw, 'version', file);
  if (version !== productSpec.version)
    fail(file, `"version" ${version} differs from products.json (${productSpec.version})`);
  const ramAction = str(raw, 'ramAction', file);
  if (ramAction !== `${productSpec.ramNamespace}:${action}`) {
    fail(file, `"ramAction" must be ${productSpec.ramNamespace}:${action}`);
  }
  const verified = bool(raw, 'verified', file);
  const spec: ActionSpec = {
    file,
    action,
    product,
    version,
    summary: oneLine(raw, 'summary', file),
    verified,
    method: oneOf(raw, 'method', ['POST', 'GET'] as const, file),
    style: oneOf(raw, 'style', ['RPC'] as const, file),
    pathname: str(raw, 'pathname', file),
    reqBodyType: oneOf(raw, 'reqBodyType', ['formData', 'json'] as const, file),
    bodyType: oneOf(raw, 'bodyType', ['json'] as const, file),
    ramAction,
    mutating: bool(raw, 'mutating', file),
    request: [],
    response: [],
  };
  if (raw.caveat !== undefined) spec.caveat = oneLine(raw, 'caveat', file);
  if (!verified && spec.caveat === undefined) fail(file, 'an unverified action needs a "caveat" line');
  spec.request = parseFields(raw.request, '', 'request', names, file);
  spec.response = parseFields(raw.response, '', 'response', names, file);
  if (raw.requireOneOf !== undefined) {
    if (!Array.isArray(raw.requireOneOf) || raw.requireOneOf.length === 0) {
      fail(file, '"requireOneOf" must be a non-empty array of name groups');
    }
    spec.requireOneOf = raw.requireOneOf.map((group, index) => {
      const where = `${file}: requireOneOf[${index}]`;
      if (!Array.isArray(group) || group.length < 2)
        fail(where, 'each group must list at least two parameters');
      return group.map((name) => {
        const field = spec.request.find((candidate) => candidate.name === name);
        if (field === undefined) fail(where, `unknown request parameter ${JSON.stringify(name)}`);
        if (field.required) fail(where, `${field.name} is required anyway`);
        return field.name;
      });
    });
  }
  if (raw.responseEnvelope !== undefined) {
    const where = `${file}: responseEnvelope`;
    const envelope = parseEnvelope(raw.responseEnvelope, where);
    const names = spec.response.map((field) => field.name);
    if (names.includes(envelope.dataField))
      fail(where, `"dataField" ${envelope.dataField} is also a response field`);
    if (!names.includes(envelope.requestIdTarget))
      fail(where, `"requestIdTarget" ${envelope.requestIdTarget} is not a response field`);
    spec.responseEnvelope = envelope;
  }
  return spec;
}

function parseProducts(raw: unknown, where: string): Spec['products'] {
  if (!isRecord(raw)) fail(where, 'must hold a JSON object');
  checkKeys(raw, new Set(PRODUCTS), where);
  const parse = (product: (typeof PRODUCTS)[number]): ProductSpec => {
    const at = `${where}: ${product}`;
    const entry = raw[product];
    if (!isRecord(entry)) fail(at, 'missing');
    checkKeys(entry, PRODUCT_KEYS, at);
    const map = entry.endpointMap;
    if (!isRecord(map) || Object.keys(map).length === 0) fail(at, '"endpointMap" must be a non-empty object');
    const endpointMap: Record<string, string> = {};
    for (const [region, host] of Object.entries(map)) {
      if (typeof host !== 'string' || !/^[a-z0-9.-]+$/.test(host))
        fail(at, `endpointMap.${region} must be a host name`);
      endpointMap[region] = host;
    }
    const spec: ProductSpec = {
      version: str(entry, 'version', at),
      productId: str(entry, 'productId', at),
      ramNamespace: str(entry, 'ramNamespace', at),
      endpointRule: oneOf(entry, 'endpointRule', ['regional'] as const, at),
      endpointMap,
      fallbackEndpoint: str(entry, 'fallbackEndpoint', at),
    };
    if (entry.fallbackNote !== undefined) spec.fallbackNote = oneLine(entry, 'fallbackNote', at);
    return spec;
  };
  return { Sas: parse('Sas'), Sddp: parse('Sddp') };
}

function readJson(path: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new SpecError(
      `${label}: cannot read JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * Reads and validates `products.json` and every action file (`<productId>/<Action>.json`) under
 * `specDir`. Throws {@link SpecError} naming the file and field path of the first problem.
 */
export function loadSpec(specDir: string): Spec {
  const products = parseProducts(readJson(join(specDir, 'products.json'), 'products.json'), 'products.json');
  const names = new TypeNames();
  const actions: ActionSpec[] = [];
  for (const product of PRODUCTS) {
    const dir = products[product].productId;
    if (!existsSync(join(specDir, dir))) continue;
    const files = readdirSync(join(specDir, dir))
      .filter((entry) => entry.endsWith('.json'))
      .sort();
    for (const entry of files) {
      const file = `${dir}/${entry}`;
      try {
        actions.push(parseAction(readJson(join(specDir, file), file), file, products, names));
      } catch (error) {
        if (error instanceof SpecError && !error.message.startsWith(file))
          throw new SpecError(`${file}: ${error.message}`);
        throw error;
      }
    }
  }
  if (actions.length === 0) throw new SpecError(`${specDir}: no action files found`);
  actions.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  for (const [index, spec] of actions.entries()) {
    if (actions[index - 1]?.action === spec.action) throw new SpecError(`${spec.file}: action defined twice`);
    names.enter(spec.file);
    for (const suffix of ['Request', 'Response', 'Action', 'RequestSchema', 'ResponseSchema']) {
      names.claim(`${spec.action}${suffix}`, `${spec.file}: (generated name)`);
    }
  }
  return { products, actions };
}

/** Visits every field (depth first, spec order), with its dotted path (`SuspEvents[].Details[].Value`). */
export function walkFields(
  fields: readonly FieldSpec[],
  visit: (field: FieldSpec, path: string, depth: number) => void,
  options: { content?: boolean } = {},
  prefix = '',
  depth = 0,
): void {
  for (const field of fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    visit(field, path, depth);
    const nestedOf = (item: ItemSpec | undefined, at: string): void => {
      if (item === undefined) return;
      if (item.properties !== undefined) walkFields(item.properties, visit, options, at, depth + 1);
      nestedOf(item.items, `${at}[]`);
    };
    nestedOf(field, path);
    if (options.content === true && field.content !== undefined) nestedOf(field.content, `${path}{}`);
  }
}

/** Counts of what the spec describes. */
export interface SpecStats {
  actions: number;
  /** Top-level request parameters. */
  requestParams: number;
  /** Request parameters plus the fields of objects inside request arrays (e.g. `HandleInfoList[].HandleType`). */
  requestFields: number;
  /** Fields documented inside JSON-string parameters (e.g. `OperationParams{}.expireTime`). */
  jsonContentFields: number;
  /** Response fields at every level. */
  responseFields: number;
  perAction: Record<
    string,
    { requestParams: number; requestFields: number; jsonContentFields: number; responseFields: number }
  >;
}

export function computeStats(spec: Spec): SpecStats {
  const stats: SpecStats = {
    actions: spec.actions.length,
    requestParams: 0,
    requestFields: 0,
    jsonContentFields: 0,
    responseFields: 0,
    perAction: {},
  };
  for (const action of spec.actions) {
    let requestFields = 0;
    let withContent = 0;
    let responseFields = 0;
    walkFields(action.request, () => {
      requestFields += 1;
    });
    walkFields(action.request, () => (withContent += 1), { content: true });
    walkFields(action.response, () => {
      responseFields += 1;
    });
    const entry = {
      requestParams: action.request.length,
      requestFields,
      jsonContentFields: withContent - requestFields,
      responseFields,
    };
    stats.perAction[action.action] = entry;
    stats.requestParams += entry.requestParams;
    stats.requestFields += entry.requestFields;
    stats.jsonContentFields += entry.jsonContentFields;
    stats.responseFields += entry.responseFields;
  }
  return stats;
}
