import type { FieldType } from './spec.js';

/**
 * The structural part of the upstream API fact sheets (`actions.json`, `next-actions.json`: names, types,
 * required flags, enums, placement, serialization, nesting), kept in `spec/reference/api-facts.json` so
 * tests can check that the spec covers every documented field.
 */
export interface ReferenceField {
  name: string;
  type: FieldType;
  required?: boolean;
  enum?: string[];
  in?: 'query' | 'body';
  serialization?: 'repeatList' | 'commaJoined';
  /** Element type of an array. */
  items?: ReferenceItem;
  /** Members of an object. */
  properties?: ReferenceField[];
  /** Shape of the JSON held by a json-string. */
  content?: ReferenceItem;
}

export interface ReferenceItem {
  type: FieldType;
  properties?: ReferenceField[];
  items?: ReferenceItem;
}

export interface ReferenceAction {
  product: string;
  version: string;
  ramAction: string;
  request: ReferenceField[];
  response: ReferenceField[];
}

export interface Reference {
  products: Record<
    string,
    { version: string; productId: string; ramNamespace: string; endpointMap: Record<string, string> }
  >;
  actions: Record<string, ReferenceAction>;
}

type Json = Record<string, unknown>;

function record(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where}: expected an object`);
  return value as Json;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string`);
  return value;
}

/** `integer` + format `int64` → `int64`; `array<...>` → `array`; other names as they are. */
export function typeFamily(type: string, format?: unknown): FieldType {
  if (type.startsWith('array')) return 'array';
  if (type === 'integer') return format === 'int64' ? 'int64' : 'integer';
  if (type === 'string' || type === 'boolean' || type === 'json-string' || type === 'object') return type;
  throw new Error(`unknown type "${type}"`);
}

function members(properties: unknown, where: string): ReferenceField[] {
  return Object.entries(record(properties, where)).map(([name, raw]) =>
    field(name, raw, `${where}.${name}`, false),
  );
}

function item(raw: Json, where: string): ReferenceItem {
  const type = typeFamily(text(raw.type, where), raw.format);
  return type === 'object' ? { type, properties: members(raw.properties, where) } : { type };
}

function field(name: string, raw: unknown, where: string, topLevelRequest: boolean): ReferenceField {
  const src = record(raw, where);
  const declared = text(src.type, `${where}.type`);
  const out: ReferenceField = { name, type: typeFamily(declared, src.format) };
  if (typeof src.required === 'boolean') out.required = src.required;
  // `true` / `false` listed for a boolean say nothing more than its type.
  if (Array.isArray(src.enum) && out.type !== 'boolean') out.enum = src.enum.map((value) => String(value));
  if (topLevelRequest && src.in === 'body') out.in = 'body';
  if (topLevelRequest && typeof src.serialization === 'string') {
    out.serialization = src.serialization.startsWith('simple') ? 'commaJoined' : 'repeatList';
  }
  if (out.type === 'array') {
    if (src.items !== undefined) {
      out.items = item(record(src.items, `${where}[]`), `${where}[]`);
    } else {
      const element = /^array<(\w+)>$/.exec(declared)?.[1];
      if (element === undefined) throw new Error(`${where}: array without an element type`);
      out.items = { type: typeFamily(element, src.itemFormat) };
    }
  }
  if (out.type === 'object') out.properties = members(src.properties, where);
  if (out.type === 'json-string') {
    const content =
      src.jsonContent ??
      (src.properties === undefined ? undefined : { type: 'object', properties: src.properties });
    if (content !== undefined) {
      const jc = record(content, `${where}{}`);
      const kind = text(jc.type, `${where}{}`);
      out.content =
        kind === 'array'
          ? { type: 'array', items: item(record(jc.items, `${where}{}[]`), `${where}{}[]`) }
          : item(jc, `${where}{}`);
    }
  }
  return out;
}

/**
 * Extracts the {@link Reference} from parsed fact sheets (`actions.json`, then `next-actions.json`),
 * merged in order. A product's endpoint map is the documented hosts when the sheet lists them
 * (`documentedEndpoints`), else the official client's `endpointMap`; a product whose `endpoints` is not an
 * object points back to an earlier sheet, which must describe the same product.
 */
export function extractReference(...sheets: readonly unknown[]): Reference {
  const products: Reference['products'] = {};
  const actions: Reference['actions'] = {};
  sheets.forEach((sheet, index) => {
    const label = index === 0 ? 'actions.json' : `fact sheet ${index + 1}`;
    const root = record(sheet, label);
    for (const [name, product] of Object.entries(sheetProducts(root, products))) {
      products[name] = product;
    }
    for (const [name, action] of Object.entries(sheetActions(root))) {
      if (actions[name] !== undefined) throw new Error(`${label}: action ${name} is described twice`);
      actions[name] = action;
    }
  });
  return {
    products: Object.fromEntries(Object.entries(products).sort(([a], [b]) => (a < b ? -1 : 1))),
    actions,
  };
}

function sheetProducts(root: Json, known: Reference['products']): Reference['products'] {
  const products: Reference['products'] = {};
  for (const [name, raw] of Object.entries(record(root.products, 'products'))) {
    const product = record(raw, `products.${name}`);
    const identity = {
      version: text(product.version, `products.${name}.version`),
      productId: text(product.productId, `products.${name}.productId`),
      ramNamespace: text(product.ramNamespace, `products.${name}.ramNamespace`),
    };
    if (typeof product.endpoints !== 'object' || product.endpoints === null) {
      const earlier = known[name];
      const same =
        earlier !== undefined &&
        earlier.version === identity.version &&
        earlier.productId === identity.productId &&
        earlier.ramNamespace === identity.ramNamespace;
      if (!same) throw new Error(`products.${name}: no endpoints, and no earlier sheet describes it alike`);
      continue;
    }
    const endpoints = record(product.endpoints, `products.${name}.endpoints`);
    const source = endpoints.documentedEndpoints ?? endpoints.endpointMap;
    const map = record(source, `products.${name}.endpointMap`);
    products[name] = {
      ...identity,
      endpointMap: Object.fromEntries(
        Object.entries(map)
          .map(([region, host]) => [region, text(host, `products.${name}.endpointMap.${region}`)] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    };
  }
  return products;
}

function sheetActions(root: Json): Reference['actions'] {
  const actions: Reference['actions'] = {};
  for (const [name, raw] of Object.entries(record(root.actions, 'actions'))) {
    const action = record(raw, `actions.${name}`);
    if (!Array.isArray(action.request)) throw new Error(`actions.${name}.request: expected an array`);
    const response = record(action.response, `actions.${name}.response`);
    actions[name] = {
      product: text(action.product, `actions.${name}.product`),
      version: text(action.version, `actions.${name}.version`),
      ramAction: text(action.ramAction, `actions.${name}.ramAction`),
      request: action.request.map((param, index) => {
        const where = `actions.${name}.request[${index}]`;
        return field(text(record(param, where).name, `${where}.name`), param, where, true);
      }),
      response: members(response.properties, `actions.${name}.response`),
    };
  }
  return actions;
}
