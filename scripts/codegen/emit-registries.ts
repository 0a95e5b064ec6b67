/** Emits the modules that gather the actions: the descriptor and schema registries, and the endpoint maps. */
import { docComment, prose } from './doc-comments.js';
import { HEADER, moduleName, sorted } from './emit-file.js';
import { propertyKey, quote } from './literals.js';
import type { ActionSpec, ProductSpec, Spec } from './spec.js';

/** Source of `src/generated/schemas/index.ts`: every schema, and the `schemas` registry by action. */
export function emitSchemaIndex(actions: readonly ActionSpec[]): string {
  const byModule = [...actions].sort((a, b) => (moduleName(a.action) < moduleName(b.action) ? -1 : 1));
  const byName = sorted(actions.map((spec) => spec.action));
  return `${[
    HEADER,
    ...byModule.map(
      (spec) =>
        `import { ${spec.action}RequestSchema, ${spec.action}ResponseSchema } from './${moduleName(spec.action)}.js';`,
    ),
    '',
    ...byModule.map((spec) => `export * from './${moduleName(spec.action)}.js';`),
    '',
    '/** The request and response schema of every action, by action name. */',
    'export const schemas = {',
    ...byName.map((name) => `  ${name}: { request: ${name}RequestSchema, response: ${name}ResponseSchema },`),
    '} as const;',
  ].join('\n')}\n`;
}

/** Source of `src/generated/endpoints.ts`. */
export function emitEndpoints(products: Spec['products']): string {
  const entries = sorted(Object.keys(products)) as (keyof Spec['products'])[];
  const productLines = entries.flatMap((name) => {
    const product: ProductSpec = products[name];
    const map = sorted(Object.keys(product.endpointMap)).map(
      (region) => `      ${propertyKey(region)}: ${quote(product.endpointMap[region] ?? '')},`,
    );
    const fallbackDoc =
      product.fallbackNote === undefined ? [] : docComment([prose(product.fallbackNote)], '  ');
    return [
      ...fallbackDoc,
      `  ${name}: {`,
      `    version: ${quote(product.version)},`,
      `    productId: ${quote(product.productId)},`,
      `    ramNamespace: ${quote(product.ramNamespace)},`,
      `    endpointRule: ${quote(product.endpointRule)},`,
      '    endpointMap: {',
      ...map,
      '    },',
      `    fallbackEndpoint: ${quote(product.fallbackEndpoint)},`,
      ...(product.centralEndpoint === undefined
        ? []
        : [`    centralEndpoint: ${quote(product.centralEndpoint)},`]),
      '  },',
    ];
  });
  return `${[
    HEADER,
    "import type { Product } from '../transport/action-descriptor.js';",
    '',
    "/** Where a product's API lives and what its RAM actions are called. */",
    'export interface ProductEndpoints {',
    '  /** API version, e.g. `2018-12-03`. */',
    '  readonly version: string;',
    '  /** Product id used to build fallback host names. */',
    '  readonly productId: string;',
    '  /** RAM namespace: a RAM action is `<ramNamespace>:<Action>`. */',
    '  readonly ramNamespace: string;',
    '  /** Endpoint rule of the official clients: a host per region, or one host for every region. */',
    "  readonly endpointRule: 'regional' | 'central';",
    '  /** Region id → host (for a central product, the region of each documented site). */',
    '  readonly endpointMap: Readonly<Record<string, string>>;',
    '  /**',
    '   * Host pattern the official clients fall back to for an unmapped region (`{regionId}` is replaced), or',
    '   * the one host they use when none is set.',
    '   */',
    '  readonly fallbackEndpoint: string;',
    '  /** The documented host that serves every region, when the product has one. */',
    '  readonly centralEndpoint?: string;',
    '}',
    '',
    '/** Version, RAM namespace and regional endpoint map of each product. */',
    'export const endpoints: Readonly<Record<Product, ProductEndpoints>> = {',
    ...productLines,
    '};',
  ].join('\n')}\n`;
}

/** Source of `src/generated/index.ts`. */
export function emitIndex(actions: readonly ActionSpec[]): string {
  const byModule = [...actions].sort((a, b) => (moduleName(a.action) < moduleName(b.action) ? -1 : 1));
  const byName = sorted(actions.map((spec) => spec.action));
  return `${[
    HEADER,
    ...byModule.map((spec) => `import { ${spec.action}Action } from './${moduleName(spec.action)}.js';`),
    '',
    ...sorted([...byModule.map((spec) => moduleName(spec.action)), 'endpoints']).map(
      (module) => `export * from './${module}.js';`,
    ),
    '',
    '/** Name of an action this package calls. */',
    `export type ActionName = ${byName.map((name) => `'${name}'`).join(' | ')};`,
    '',
    '/** Every action descriptor, by action name. */',
    'export const actions = {',
    ...byName.map((name) => `  ${name}: ${name}Action,`),
    '} as const satisfies Record<ActionName, unknown>;',
  ].join('\n')}\n`;
}
