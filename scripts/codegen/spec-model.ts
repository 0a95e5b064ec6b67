/** The shape of a loaded API spec: products, actions and their fields, and the closed sets they draw on. */

/** The products a spec describes, in `products.json` order. */
export const PRODUCTS = ['Sas', 'Sddp', 'Sts', 'ResourceDirectoryMaster'] as const;
/** One of {@link PRODUCTS}. */
export type ProductName = (typeof PRODUCTS)[number];

/** How the official clients pick a product's host: per region, or one host whatever the region. */
export const ENDPOINT_RULES = ['regional', 'central'] as const;
/** One of {@link ENDPOINT_RULES}. */
export type EndpointRule = (typeof ENDPOINT_RULES)[number];

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
/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** Response normalizations a field may ask for. */
export const COERCIONS = ['objectToJson', 'numberToString'] as const;
/** One of {@link COERCIONS}. */
export type Coercion = (typeof COERCIONS)[number];

/** How a request parameter is put on the wire when it is not a scalar. */
export const SERIALIZATIONS = ['repeatList', 'commaJoined', 'json'] as const;
/** One of {@link SERIALIZATIONS}. */
export type Serialization = (typeof SERIALIZATIONS)[number];

/** A value of an enum: string and integer fields only. */
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

/** One action file: the call, its RAM action, and its request and response fields. */
export interface ActionSpec {
  /** Spec file, relative to the spec directory. */
  file: string;
  action: string;
  product: ProductName;
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

/** One product of `products.json`: API version, RAM namespace and endpoints. */
export interface ProductSpec {
  version: string;
  productId: string;
  ramNamespace: string;
  endpointRule: EndpointRule;
  endpointMap: Record<string, string>;
  fallbackEndpoint: string;
  fallbackNote?: string;
  centralEndpoint?: string;
}

/** The whole validated spec. */
export interface Spec {
  products: Record<ProductName, ProductSpec>;
  /** Sorted by action name. */
  actions: ActionSpec[];
}

/** Thrown for any spec that is malformed; the message names the file and field path. */
export class SpecError extends Error {
  override name = 'SpecError';
}
