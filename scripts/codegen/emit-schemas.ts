/** Emits the zod schemas of the actions (`src/generated/schemas/`) and the pieces they share. */
import { docComment, oneOfSentences } from './doc-comments.js';
import { HEADER, moduleName, sorted } from './emit-file.js';
import { documentedValues, readsObjects } from './emit-validators.js';
import { literal, propertyKey, quote, regexLiteral } from './literals.js';
import { insideItem, type NamedType, namedTypes } from './named-types.js';
import { hasRecordLists, responseFields } from './response-fields.js';
import type { ActionSpec, FieldSpec, ItemSpec } from './spec.js';

/** Helpers from `src/validation/` and `support.ts` a generated schema module may need. */
type Helper =
  | 'hasValue'
  | 'jsonText'
  | 'int64'
  | 'objectText'
  | 'readObject'
  | 'records'
  | 'checkRequest'
  | 'readResponse'
  | 'sendObject';

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

/** The envelope option of a response schema (see `responseEnvelope` in the spec), or nothing. */
function envelopeOption(spec: ActionSpec): string {
  const envelope = spec.responseEnvelope;
  return envelope === undefined
    ? ''
    : `, { envelope: { dataField: ${quote(envelope.dataField)}, requestIdField: ${quote(envelope.requestIdField)}, requestIdTarget: ${quote(envelope.requestIdTarget)} } }`;
}

/** A request's documented lists that may grow (open enums), by parameter: the second argument of `checkRequest`. */
function documentedArgument(fields: readonly FieldSpec[]): string {
  const open = fields.filter((field) => field.enum !== undefined && field.enumOpen === true);
  if (open.length === 0) return '';
  const entries = open.map(
    (field) =>
      `${propertyKey(field.name)}: [${documentedValues(field)
        .map((value) => quote(String(value)))
        .join(', ')}]`,
  );
  return `, { ${entries.join(', ')} }`;
}

/** Writes the zod expressions of one side of an action, noting the helpers they use. */
class ZodWriter {
  readonly helpers = new Set<Helper>();

  constructor(private readonly side: 'request' | 'response') {}

  /**
   * Zod expression for an item once its value has been read (or converted to what is sent). `inItem`:
   * the item belongs to an item of a list, so a list of records in it is part of that item.
   */
  expr(item: ItemSpec & Partial<FieldSpec>, inItem = true): string {
    const closed = item.enum !== undefined && !item.enumOpen;
    let base: string;
    switch (item.type) {
      case 'string':
        if (this.side === 'response' && readsObjects(item)) {
          this.helpers.add('objectText');
          base = 'objectText';
          break;
        }
        base = closed ? `z.enum([${(item.enum ?? []).map(literal).join(', ')}])` : 'z.string()';
        if (item.pattern !== undefined) base += `.regex(${regexLiteral(item.pattern)})`;
        break;
      case 'integer':
      case 'int64':
        if (closed) base = `z.literal([${(item.enum ?? []).map(literal).join(', ')}])`;
        else if (item.type === 'int64') {
          this.helpers.add('int64');
          base = 'int64';
        } else base = 'z.number().int()';
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
      case 'array': {
        const items = item.items ?? { type: 'string' };
        if (this.side === 'response' && !inItem && items.type === 'object' && item.required !== true) {
          this.helpers.add('records');
          base = `records(${items.typeName}Schema)`;
          break;
        }
        base = `z.array(${this.expr(items)})`;
        if (item.minItems !== undefined) base += `.min(${item.minItems})`;
        if (item.maxItems !== undefined) base += `.max(${item.maxItems})`;
        break;
      }
    }
    return base;
  }

  /** The members of an object schema, one line each. */
  shape(fields: readonly FieldSpec[], inItem: boolean): string[] {
    return fields.map(
      (field) =>
        `  ${propertyKey(field.name)}: ${this.expr(field, inItem)}${field.required ? '' : '.optional()'},`,
    );
  }

  /** A named object type's schema: its members read (or converted to what is sent), then checked. */
  objectSchema(type: NamedType, doc: readonly string[]): string[] {
    const helper = this.side === 'request' ? 'sendObject' : 'readObject';
    this.helpers.add(helper);
    const ctor = this.side === 'request' ? 'z.strictObject' : 'z.looseObject';
    return [
      ...docComment(doc, ''),
      `export const ${type.typeName}Schema: z.ZodType<${type.typeName}> = ${helper}(`,
      `${ctor}({`,
      ...this.shape(type.properties, insideItem(type)),
      '}),',
      ');',
    ];
  }
}

/**
 * Source of an action's zod schemas (`src/generated/schemas/`): a strict schema for the request, a
 * lenient one for the response, one per named type, equivalent to the validators of its module.
 */
export function emitActionSchemas(spec: ActionSpec): string {
  const { action } = spec;
  const response = responseFields(spec);
  const requestWriter = new ZodWriter('request');
  const responseWriter = new ZodWriter('response');
  const oneOf = oneOfSentences(spec);
  const requestTypes = namedTypes(spec.request);
  const requestSchemaLines: string[][] = [...requestTypes]
    .reverse()
    .map((type) =>
      requestWriter.objectSchema(type, [
        `Validates a {@link ${type.typeName}}; unknown keys are rejected, values of another form that are sent as the same bytes converted.`,
      ]),
    );
  const rootRequestDoc = [
    `Validates a {@link ${action}Request} before it is sent: types, required parameters${spec.request.some((f) => f.enum !== undefined && f.enumOpen === false) ? ', closed value sets' : ''}${oneOf.length > 0 ? ', the one-of rule' : ''}; unknown keys are rejected. Values of another form that are sent as the same bytes are converted; values outside a list that may grow are noted (\`normalizations(request)\`).`,
  ];
  requestWriter.helpers.add('checkRequest');
  const refines = (spec.requireOneOf ?? []).map(
    (group) =>
      `.refine((request) => ${group.map((name) => `hasValue(request.${name})`).join(' || ')}, { message: ${quote(`Give at least one of ${group.join(' or ')}`)} })`,
  );
  if (refines.length > 0) requestWriter.helpers.add('hasValue');
  requestSchemaLines.push([
    ...docComment(rootRequestDoc, ''),
    `export const ${action}RequestSchema: z.ZodType<${action}Request> = checkRequest(`,
    'z.strictObject({',
    ...requestWriter.shape(spec.request, false),
    `})${refines.join('')}${documentedArgument(spec.request)},`,
    ');',
  ]);

  const envelope = spec.responseEnvelope;
  const responseTypes = namedTypes(response);
  const responseSchemaLines: string[][] = [...responseTypes]
    .reverse()
    .map((type) =>
      responseWriter.objectSchema(type, [
        `Validates a {@link ${type.typeName}}, its values read as Alibaba's runtime reads them; unknown fields pass through.`,
      ]),
    );
  const rootResponseDoc = [
    `Validates a {@link ${action}Response}${envelope === undefined ? '' : ' (the wrapped form unwrapped first)'}, its values read as Alibaba's runtime reads them (each reading noted: \`normalizations(response)\`); unknown fields pass through.${hasRecordLists(response, responseTypes) ? ' Items of its lists of records that cannot be read are left out and kept apart (`rejectedItems(response)`).' : ''}`,
  ];
  responseWriter.helpers.add('readResponse');
  responseSchemaLines.push([
    ...docComment(rootResponseDoc, ''),
    `export const ${action}ResponseSchema: z.ZodType<${action}Response> = readResponse(`,
    'z.looseObject({',
    ...responseWriter.shape(response, false),
    `})${envelopeOption(spec)},`,
    ');',
  ]);

  const uses = (helper: Helper) => requestWriter.helpers.has(helper) || responseWriter.helpers.has(helper);
  const fromChecks = (['hasValue'] as const).filter(uses);
  const fromReading = (
    ['checkRequest', 'int64', 'objectText', 'readObject', 'readResponse', 'records', 'sendObject'] as const
  ).filter(uses);
  const fromSupport = (['jsonText'] as const).filter(uses);
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
      `import { ${fromReading.join(', ')} } from '../../validation/schema-reading.js';`,
      `import type { ${types.join(', ')} } from '../${moduleName(action)}.js';`,
      ...(fromSupport.length > 0 ? [`import { ${fromSupport.join(', ')} } from './support.js';`] : []),
    ],
    ...requestSchemaLines,
    ...responseSchemaLines,
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}
