/**
 * Loads the API spec: `products.json` and one file per action (`<productId>/<Action>.json`), checked
 * against the spec format. Also the entry point to the spec's model and traversal.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bool, checkKeys, fail, isRecord, oneLine, oneOf, str, TypeNames } from './spec-checks.js';
import { parseFields } from './spec-fields.js';
import {
  type ActionSpec,
  ENDPOINT_RULES,
  type EnvelopeSpec,
  PRODUCTS,
  type ProductName,
  type ProductSpec,
  type Spec,
  SpecError,
} from './spec-model.js';

export * from './spec-model.js';
export * from './spec-stats.js';

const ACTION_NAME = /^[A-Z][A-Za-z0-9]*$/;

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
  'centralEndpoint',
]);
const HOST = /^[a-z0-9.-]+$/;
const ENVELOPE_KEYS = new Set(['description', 'dataField', 'requestIdField', 'requestIdTarget']);

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
  // An action may take no parameters at all; its response always has fields.
  const noParameters = Array.isArray(raw.request) && raw.request.length === 0;
  spec.request = noParameters ? [] : parseFields(raw.request, '', 'request', names, file);
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
  const parse = (product: ProductName): ProductSpec => {
    const at = `${where}: ${product}`;
    const entry = raw[product];
    if (!isRecord(entry)) fail(at, 'missing');
    checkKeys(entry, PRODUCT_KEYS, at);
    const map = entry.endpointMap;
    if (!isRecord(map) || Object.keys(map).length === 0) fail(at, '"endpointMap" must be a non-empty object');
    const endpointMap: Record<string, string> = {};
    for (const [region, host] of Object.entries(map)) {
      if (typeof host !== 'string' || !HOST.test(host)) fail(at, `endpointMap.${region} must be a host name`);
      endpointMap[region] = host;
    }
    const spec: ProductSpec = {
      version: str(entry, 'version', at),
      productId: str(entry, 'productId', at),
      ramNamespace: str(entry, 'ramNamespace', at),
      endpointRule: oneOf(entry, 'endpointRule', ENDPOINT_RULES, at),
      endpointMap,
      fallbackEndpoint: str(entry, 'fallbackEndpoint', at),
    };
    if (entry.fallbackNote !== undefined) spec.fallbackNote = oneLine(entry, 'fallbackNote', at);
    if (entry.centralEndpoint !== undefined) {
      const central = str(entry, 'centralEndpoint', at);
      if (!HOST.test(central)) fail(at, '"centralEndpoint" must be a host name');
      spec.centralEndpoint = central;
    }
    return spec;
  };
  return Object.fromEntries(PRODUCTS.map((product) => [product, parse(product)])) as Spec['products'];
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
