import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractReference,
  FIELD_TYPES,
  loadSpec,
  REFERENCE_FILE,
  type Reference,
  type ReferenceField,
  type ReferenceItem,
  SPEC_DIR,
  specStats,
} from '../../scripts/codegen.js';

type Json = Record<string, unknown>;

const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as Reference;
const spec = loadSpec(SPEC_DIR);

/** Raw action files, read without the codegen validator. */
function rawActionFiles(): { file: string; json: Json }[] {
  return Object.values(spec.products).flatMap(({ productId: dir }) =>
    readdirSync(join(SPEC_DIR, dir))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({
        file: `${dir}/${name}`,
        json: JSON.parse(readFileSync(join(SPEC_DIR, dir, name), 'utf8')) as Json,
      })),
  );
}

/** Every field object in a raw field list (properties, array items and JSON content, all levels). */
function rawFields(fields: unknown, path: string, out: { path: string; field: Json }[] = []) {
  for (const field of fields as Json[]) {
    const at = `${path}.${String(field.name)}`;
    out.push({ path: at, field });
    const nested = (item: unknown, where: string): void => {
      if (item === undefined) return;
      const node = item as Json;
      if (node.properties !== undefined) rawFields(node.properties, where, out);
      nested(node.items, `${where}[]`);
    };
    nested(field, at);
    nested(field.content, `${at}{}`);
  }
  return out;
}

function countReference(fields: readonly ReferenceField[], withContent: boolean): number {
  let total = 0;
  const nested = (item: ReferenceItem | undefined): void => {
    if (item === undefined) return;
    if (item.properties !== undefined) total += countReference(item.properties, withContent);
    nested(item.items);
  };
  for (const field of fields) {
    total += 1;
    nested(field);
    if (withContent) nested(field.content);
  }
  return total;
}

describe('spec files', () => {
  const files = rawActionFiles();

  it('has one file per action of the API reference', () => {
    expect(files.map(({ json }) => json.action).sort()).toEqual(Object.keys(reference.actions).sort());
  });

  it('gives every field (all levels) a known type, a boolean required and a one-line description', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { file, json } of files) {
      for (const side of ['request', 'response'] as const) {
        for (const { path, field } of rawFields(json[side], `${file}: ${side}`)) {
          checked += 1;
          if (!(FIELD_TYPES as readonly unknown[]).includes(field.type))
            problems.push(`${path}: type ${String(field.type)}`);
          if (typeof field.required !== 'boolean') problems.push(`${path}: required is not a boolean`);
          const description = field.description;
          if (typeof description !== 'string' || description.trim() === '' || /[\r\n]/.test(description)) {
            problems.push(`${path}: description missing or not one line`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('marks only HandleSecurityEvents and PreHandleAuditRisk as mutating, and the Sddp actions as unverified', () => {
    const mutating = spec.actions.filter((action) => action.mutating).map((action) => action.action);
    expect(mutating).toEqual(['HandleSecurityEvents', 'PreHandleAuditRisk']);
    for (const action of spec.actions) {
      expect(action.verified, action.action).toBe(action.product !== 'Sddp');
      if (action.product === 'Sddp') expect(action.caveat).toMatch(/\S/);
      expect(action.reqBodyType).toBe('formData');
    }
  });

  it('requires RequestId in the responses of the four Sas handling actions, and nothing elsewhere', () => {
    // The account actions' fact sheet marks no response field required.
    const handling = [
      'DescribeSuspEvents',
      'DescribeSecurityEventOperations',
      'HandleSecurityEvents',
      'DescribeSecurityEventOperationStatus',
    ];
    for (const action of spec.actions) {
      const required = rawFields(action.response, action.action)
        .filter(({ field }) => field.required === true)
        .map(({ path }) => path);
      expect(required, action.action).toEqual(
        handling.includes(action.action) ? [`${action.action}.RequestId`] : [],
      );
    }
  });

  it('lets an action take no parameters (the two Sas account listings)', () => {
    const none = spec.actions.filter((action) => action.request.length === 0).map((action) => action.action);
    expect(none).toEqual(['DescribeMonitorAccounts', 'ListAccountsInResourceDirectory']);
  });
});

describe('spec against the API reference (spec/reference/api-facts.json)', () => {
  function compare(
    refs: readonly ReferenceField[],
    fields: readonly Json[],
    path: string,
    problems: string[],
  ) {
    const names = fields.map((field) => String(field.name));
    for (const field of fields) {
      if (!refs.some((ref) => ref.name === field.name))
        problems.push(`${path}.${String(field.name)}: not in the reference`);
    }
    for (const ref of refs) {
      const at = `${path}.${ref.name}`;
      const field = fields[names.indexOf(ref.name)];
      if (field === undefined) {
        problems.push(`${at}: missing from the spec`);
        continue;
      }
      compareField(ref, field, at, problems);
    }
  }

  function compareItem(ref: ReferenceItem | undefined, item: unknown, at: string, problems: string[]) {
    if (ref === undefined && item === undefined) return;
    if (ref === undefined || item === undefined) {
      problems.push(`${at}: ${ref === undefined ? 'not in the reference' : 'missing from the spec'}`);
      return;
    }
    const node = item as Json;
    if (node.type !== ref.type) problems.push(`${at}: type ${String(node.type)}, reference ${ref.type}`);
    if (ref.properties !== undefined || node.properties !== undefined) {
      compare(ref.properties ?? [], (node.properties ?? []) as Json[], at, problems);
    }
    compareItem(ref.items, node.items, `${at}[]`, problems);
  }

  function compareField(ref: ReferenceField, field: Json, at: string, problems: string[]) {
    if (field.type !== ref.type) problems.push(`${at}: type ${String(field.type)}, reference ${ref.type}`);
    if (ref.required !== undefined && field.required !== ref.required)
      problems.push(`${at}: required differs`);
    const values = Array.isArray(field.enum) ? field.enum.map(String) : undefined;
    if (JSON.stringify(values) !== JSON.stringify(ref.enum)) {
      problems.push(`${at}: enum ${JSON.stringify(values)}, reference ${JSON.stringify(ref.enum)}`);
    }
    if (ref.in !== field.in) problems.push(`${at}: in ${String(field.in)}, reference ${String(ref.in)}`);
    if (ref.serialization !== undefined && field.serialization !== ref.serialization) {
      problems.push(`${at}: serialization ${String(field.serialization)}, reference ${ref.serialization}`);
    }
    if (ref.properties !== undefined || field.properties !== undefined) {
      compare(ref.properties ?? [], (field.properties ?? []) as Json[], at, problems);
    }
    compareItem(ref.items, field.items, `${at}[]`, problems);
    compareItem(ref.content, field.content, `${at}{}`, problems);
  }

  it('describes exactly the documented fields, with the same type family, flags, enums and placement', () => {
    const problems: string[] = [];
    for (const { json } of rawActionFiles()) {
      const name = String(json.action);
      const ref = reference.actions[name];
      if (ref === undefined) {
        problems.push(`${name}: not in the reference`);
        continue;
      }
      expect({ product: json.product, version: json.version, ramAction: json.ramAction }).toEqual({
        product: ref.product,
        version: ref.version,
        ramAction: ref.ramAction,
      });
      compare(ref.request, json.request as Json[], `${name} request`, problems);
      compare(ref.response, json.response as Json[], `${name} response`, problems);
    }
    expect(problems).toEqual([]);
  });

  it('adds nothing beyond the reference except documented enum extras', () => {
    const extras: Record<string, unknown> = {};
    for (const { file, json } of rawActionFiles()) {
      for (const side of ['request', 'response'] as const) {
        for (const { path, field } of rawFields(json[side], `${file}: ${side}`)) {
          if (field.enumExtras === undefined) continue;
          expect(typeof field.enumExtrasNote, `${path}: enumExtras need a note`).toBe('string');
          extras[path] = field.enumExtras;
        }
      }
    }
    const codes = [
      'virus_quara',
      'virus_quara_bin',
      'mark_mis_info',
      'kill_virus',
      'stop_container',
      'kill_container_process',
    ];
    expect(extras).toEqual({
      'sas/DescribeSecurityEventOperations.json: response.SecurityEventOperationsResponse[].OperationCode':
        codes,
      'sas/HandleSecurityEvents.json: request.OperationCode': codes,
      'sas/HandleSecurityEvents.json: request.MarkMissParam{}[].operate': ['inIpSegment'],
    });
  });

  it('copies the products and their endpoint maps', () => {
    for (const [name, ref] of Object.entries(reference.products)) {
      const product = spec.products[name as keyof typeof spec.products];
      expect(product, name).toBeDefined();
      expect({
        version: product.version,
        productId: product.productId,
        ramNamespace: product.ramNamespace,
        endpointMap: product.endpointMap,
      }).toEqual(ref);
    }
  });

  it.runIf(process.env.API_FACTS_JSON !== undefined)(
    'matches the upstream fact sheets named by API_FACTS_JSON (actions.json, then next-actions.json)',
    () => {
      const sheets = (process.env.API_FACTS_JSON ?? '')
        .split(delimiter)
        .map((path) => JSON.parse(readFileSync(path, 'utf8')) as unknown);
      expect(
        extractReference(...sheets),
        'refresh with `npm run codegen -- --reference <actions.json> --reference <next-actions.json>`',
      ).toEqual(reference);
    },
  );
});

describe('specStats', () => {
  it('counts the actions, request parameters and response fields of the reference', () => {
    const stats = specStats();
    const actions = Object.values(reference.actions);
    const expected = {
      actions: actions.length,
      requestParams: actions.reduce((sum, action) => sum + action.request.length, 0),
      requestFields: actions.reduce((sum, action) => sum + countReference(action.request, false), 0),
      jsonContentFields: actions.reduce(
        (sum, action) => sum + countReference(action.request, true) - countReference(action.request, false),
        0,
      ),
      responseFields: actions.reduce((sum, action) => sum + countReference(action.response, false), 0),
    };
    console.log(
      `spec: ${stats.actions} actions, ${stats.requestParams} request parameters (${stats.requestFields} with nested, ` +
        `${stats.jsonContentFields} more inside JSON strings), ${stats.responseFields} response fields incl. nested`,
    );
    expect({
      actions: stats.actions,
      requestParams: stats.requestParams,
      requestFields: stats.requestFields,
      jsonContentFields: stats.jsonContentFields,
      responseFields: stats.responseFields,
    }).toEqual(expected);
    expect(expected).toEqual({
      actions: 10,
      requestParams: 71,
      requestFields: 75,
      jsonContentFields: 8,
      responseFields: 198,
    });
  });
});
