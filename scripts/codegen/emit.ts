/**
 * Emits an action's module (`src/generated/<action>.ts`): its interfaces, validators and descriptor. Also
 * the entry point to the other emitters, one per kind of generated file.
 */
import { code, docComment, oneOfSentences, prose, remarks } from './doc-comments.js';
import { HEADER, sorted } from './emit-file.js';
import { emitInterface, typeDoc } from './emit-interfaces.js';
import { CHECKS, checkName, requestCheck, responseCheck } from './emit-validators.js';
import { quote } from './literals.js';
import { contentTypes, insideItem, namedTypes } from './named-types.js';
import {
  hasRecordLists,
  payloadKeys,
  REQUEST_FORMS,
  responseFields,
  responseForms,
} from './response-fields.js';
import type { ActionSpec, FieldSpec } from './spec.js';

export { HEADER, moduleName } from './emit-file.js';
export { emitEndpoints, emitIndex, emitSchemaIndex } from './emit-registries.js';
export { emitActionSchemas, emitSchemaSupport } from './emit-schemas.js';

/** `authType` of every action: signed with the caller's credentials, as the official SDKs call them. */
const AUTH_TYPE = 'AK';

/**
 * Source of an action's module: its request and response interfaces, the plain validators that check
 * them (see `src/validation/checks.ts`), and its `ActionDescriptor`.
 */
export function emitAction(spec: ActionSpec): string {
  const { action } = spec;
  const title = `${code(action)} (${spec.product} ${spec.version})`;
  const envelope = spec.responseEnvelope;

  const oneOf = oneOfSentences(spec);
  const response = responseFields(spec);
  const requestTypes = namedTypes(spec.request);
  const responseTypes = namedTypes(response);
  const typeLines: string[][] = [
    emitInterface(
      `${action}Request`,
      [
        `Request of ${title}: ${prose(spec.summary)}`,
        ...(oneOf.length > 0 ? ['', ...oneOf] : []),
        '',
        REQUEST_FORMS,
        ...remarks(spec),
      ],
      spec.request,
      'request',
    ),
    ...requestTypes.map((type) =>
      emitInterface(type.typeName, typeDoc(type, spec, 'request'), type.properties, 'request'),
    ),
    ...contentTypes(spec.request).map((type) =>
      emitInterface(type.typeName, typeDoc(type, spec, 'content'), type.properties, 'content'),
    ),
    emitInterface(
      `${action}Response`,
      [
        `Response body of ${title}.`,
        '',
        responseForms(hasRecordLists(response, responseTypes)),
        ...remarks(spec, envelope === undefined ? [] : [prose(envelope.description)]),
      ],
      response,
      'response',
    ),
    ...responseTypes.map((type) =>
      emitInterface(type.typeName, typeDoc(type, spec, 'response'), type.properties, 'response'),
    ),
  ];

  // Checks: nested types first, so that each is declared before a check refers to it.
  const checkLines: string[][] = [
    ...[...requestTypes].reverse().map((type) => requestCheck(checkName(type.typeName), type.properties)),
    requestCheck(checkName(`${action}Request`), spec.request, spec.requireOneOf),
    ...[...responseTypes]
      .reverse()
      .map((type) => responseCheck(type.typeName, type.properties, { inItem: insideItem(type) })),
    responseCheck(`${action}Response`, response, { envelope }),
  ];

  // Descriptor.
  const top = spec.request;
  const names = (predicate: (field: FieldSpec) => boolean): string =>
    `[${sorted(top.filter(predicate).map((field) => field.name))
      .map(quote)
      .join(', ')}]`;
  const descriptor = [
    ...docComment(
      [
        `Descriptor of ${title}: ${prose(spec.summary)}`,
        '',
        `RAM action ${code(spec.ramAction)}.${spec.mutating ? ' Changes state: retried only when nothing can have been applied.' : ''}`,
        ...remarks(spec),
      ],
      '',
    ),
    `export const ${action}Action: ActionDescriptor<${action}Request, ${action}Response> = {`,
    `  product: ${quote(spec.product)},`,
    `  version: ${quote(spec.version)},`,
    `  action: ${quote(action)},`,
    `  method: ${quote(spec.method)},`,
    `  style: ${quote(spec.style)},`,
    `  pathname: ${quote(spec.pathname)},`,
    `  reqBodyType: ${quote(spec.reqBodyType)},`,
    `  bodyType: ${quote(spec.bodyType)},`,
    `  authType: ${quote(AUTH_TYPE)},`,
    `  ramAction: ${quote(spec.ramAction)},`,
    `  mutating: ${spec.mutating},`,
    `  commaJoinedParams: ${names((field) => field.serialization === 'commaJoined')},`,
    `  bodyParams: ${names((field) => field.in === 'body')},`,
    `  responseKeys: [${payloadKeys(spec).map(quote).join(', ')}],`,
    `  validateRequest: (request) => ${CHECKS}.run(${checkName(`${action}Request`)}, request),`,
    `  parseResponse: (body) => ${CHECKS}.run(${checkName(`${action}Response`)}, body),`,
    '};',
  ];

  const blocks: string[][] = [
    [
      HEADER,
      "import type { ActionDescriptor } from '../transport/action-descriptor.js';",
      `import * as ${CHECKS} from '../validation/checks.js';`,
    ],
    ...typeLines,
    ...checkLines,
    descriptor,
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}
