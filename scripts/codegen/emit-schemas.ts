/** Emits the zod schemas of the actions (`src/generated/schemas/`) and the pieces they share. */
import { docComment, oneOfSentences } from './doc-comments.js';
import { HEADER, moduleName, sorted } from './emit-file.js';
import { literal, propertyKey, quote } from './literals.js';
import { namedTypes } from './named-types.js';
import type { ActionSpec, Coercion, FieldSpec, ItemSpec } from './spec.js';

/** Helpers of `src/validation/checks.ts` a generated schema module may need. */
type Helper = 'hasValue' | 'jsonText' | 'objectToJson' | 'numberToString' | 'unwrapEnvelope';

/** Source of `src/generated/schemas/support.ts`: the zod pieces the schema modules share. */
export function emitSchemaSupport(): string {
  return `${[
    HEADER,
    "import { z } from 'zod';",
    "import { isJsonText } from '../../validation/checks.js';",
    '',
    '/** A string that must already hold JSON text; it is sent as is. */',
    "export const jsonText = z.string().refine(isJsonText, { message: 'Expected a string holding JSON text' });",
  ].join('\n')}\n`;
}

/** The zod expression of the action's response envelope unwrapper (see `responseEnvelope` in the spec). */
function envelopeLiteral(envelope: NonNullable<ActionSpec['responseEnvelope']>): string {
  return `{ dataField: ${quote(envelope.dataField)}, requestIdField: ${quote(envelope.requestIdField)}, requestIdTarget: ${quote(envelope.requestIdTarget)} }`;
}

/** Writes the zod expressions of one side of an action, noting the helpers they use. */
class ZodWriter {
  readonly helpers = new Set<Helper>();

  constructor(private readonly side: 'request' | 'response') {}

  /** Zod expression for an item. */
  expr(item: ItemSpec & Partial<FieldSpec>): string {
    let base: string;
    switch (item.type) {
      case 'string':
        base =
          item.enum !== undefined && !item.enumOpen
            ? `z.enum([${item.enum.map(literal).join(', ')}])`
            : 'z.string()';
        if (item.pattern !== undefined) base += `.regex(/${item.pattern.replace(/\//g, '\\/')}/)`;
        break;
      case 'integer':
      case 'int64':
        base =
          item.enum !== undefined && !item.enumOpen
            ? `z.literal([${item.enum.map(literal).join(', ')}])`
            : 'z.number().int()';
        break;
      case 'boolean':
        base = 'z.boolean()';
        break;
      case 'json-string':
        this.helpers.add('jsonText');
        base = 'jsonText';
        break;
      case 'object':
        base = `${item.typeName}Schema`;
        break;
      case 'array':
        base = `z.array(${this.expr(item.items ?? { type: 'string' })})`;
        if (item.minItems !== undefined) base += `.min(${item.minItems})`;
        if (item.maxItems !== undefined) base += `.max(${item.maxItems})`;
        break;
    }
    const coercions: Coercion[] = item.coerce ?? [];
    if (coercions.length > 0) {
      for (const coercion of coercions) this.helpers.add(coercion);
      const fn =
        coercions.length === 1
          ? coercions[0]
          : `(value: unknown) => ${coercions.reduceRight((inner, name) => `${name}(${inner})`, 'value')}`;
      base = `z.preprocess(${fn}, ${base})`;
    }
    return base;
  }

  /** The members of an object schema, one line each. */
  shape(fields: readonly FieldSpec[]): string[] {
    return fields.map(
      (field) => `  ${propertyKey(field.name)}: ${this.expr(field)}${field.required ? '' : '.optional()'},`,
    );
  }

  objectSchema(typeName: string, fields: readonly FieldSpec[], doc: readonly string[]): string[] {
    const ctor = this.side === 'request' ? 'z.strictObject' : 'z.looseObject';
    return [
      ...docComment(doc, ''),
      `export const ${typeName}Schema: z.ZodType<${typeName}> = ${ctor}({`,
      ...this.shape(fields),
      '});',
    ];
  }
}

/**
 * Source of an action's zod schemas (`src/generated/schemas/`): a strict schema for the request, a
 * lenient one for the response, one per named type, equivalent to the validators of its module.
 */
export function emitActionSchemas(spec: ActionSpec): string {
  const { action } = spec;
  const requestWriter = new ZodWriter('request');
  const responseWriter = new ZodWriter('response');
  const oneOf = oneOfSentences(spec);
  const requestTypes = namedTypes(spec.request);
  const requestSchemaLines: string[][] = [...requestTypes]
    .reverse()
    .map((type) =>
      requestWriter.objectSchema(type.typeName, type.properties, [
        `Validates a {@link ${type.typeName}}; unknown keys are rejected.`,
      ]),
    );
  const rootRequestDoc = [
    `Validates a {@link ${action}Request} before it is sent: types, required parameters${spec.request.some((f) => f.enum !== undefined && f.enumOpen === false) ? ', closed value sets' : ''}${oneOf.length > 0 ? ', the one-of rule' : ''}; unknown keys are rejected.`,
  ];
  if (oneOf.length === 0) {
    requestSchemaLines.push(requestWriter.objectSchema(`${action}Request`, spec.request, rootRequestDoc));
  } else {
    requestWriter.helpers.add('hasValue');
    const refines = (spec.requireOneOf ?? []).map(
      (group) =>
        `.refine((request) => ${group.map((name) => `hasValue(request.${name})`).join(' || ')}, { message: ${quote(`Give at least one of ${group.join(' or ')}`)} })`,
    );
    requestSchemaLines.push([
      ...docComment(rootRequestDoc, ''),
      `export const ${action}RequestSchema: z.ZodType<${action}Request> = z.strictObject({`,
      ...requestWriter.shape(spec.request),
      `})${refines.join('')};`,
    ]);
  }

  const envelope = spec.responseEnvelope;
  const responseTypes = namedTypes(spec.response);
  const responseSchemaLines: string[][] = [...responseTypes]
    .reverse()
    .map((type) =>
      responseWriter.objectSchema(type.typeName, type.properties, [
        `Validates a {@link ${type.typeName}}; unknown fields pass through.`,
      ]),
    );
  const rootResponseDoc = [
    `Validates a {@link ${action}Response}; unknown fields pass through${envelope === undefined ? '' : ' and the wrapped form is unwrapped first'}.`,
  ];
  if (envelope === undefined) {
    responseSchemaLines.push(
      responseWriter.objectSchema(`${action}Response`, spec.response, rootResponseDoc),
    );
  } else {
    responseWriter.helpers.add('unwrapEnvelope');
    responseSchemaLines.push([
      ...docComment(rootResponseDoc, ''),
      `export const ${action}ResponseSchema: z.ZodType<${action}Response> = z.preprocess(`,
      `(body: unknown) => unwrapEnvelope(body, ${envelopeLiteral(envelope)}),`,
      'z.looseObject({',
      ...responseWriter.shape(spec.response),
      '}),',
      ');',
    ]);
  }

  const uses = (helper: Helper) => requestWriter.helpers.has(helper) || responseWriter.helpers.has(helper);
  const fromChecks = (['hasValue', 'numberToString', 'objectToJson', 'unwrapEnvelope'] as const).filter(uses);
  const types = sorted(
    [`${action}Request`, `${action}Response`, ...requestTypes, ...responseTypes].map((type) =>
      typeof type === 'string' ? type : type.typeName,
    ),
  );
  const blocks: string[][] = [
    [
      HEADER,
      "import { z } from 'zod';",
      ...(fromChecks.length > 0
        ? [`import { ${fromChecks.join(', ')} } from '../../validation/checks.js';`]
        : []),
      `import type { ${types.join(', ')} } from '../${moduleName(action)}.js';`,
      ...(uses('jsonText') ? ["import { jsonText } from './support.js';"] : []),
    ],
    ...requestSchemaLines,
    ...responseSchemaLines,
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}
