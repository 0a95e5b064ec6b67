/**
 * Generates `src/generated/` from the API spec in `spec/`: per action its request and response
 * interfaces, plain validators for both and an `ActionDescriptor`, and (in `schemas/`) the equivalent
 * zod schemas; plus the product endpoint maps and the `actions` and `schemas` registries.
 *
 * The emitters write plain text; Biome (biome.json) then formats it, so the files are laid out like the
 * rest of the code and pass `biome check`.
 *
 * Usage: `npm run codegen` (writes the files). `generate()` does the same in memory.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  emitAction,
  emitActionSchemas,
  emitEndpoints,
  emitIndex,
  emitSchemaIndex,
  emitSchemaSupport,
  moduleName,
} from './codegen/emit.js';
import { formatSources } from './codegen/format.js';
import { extractReference } from './codegen/reference.js';
import { computeStats, loadSpec, type SpecStats } from './codegen/spec.js';

export { HEADER, moduleName } from './codegen/emit.js';
export type { Reference, ReferenceField, ReferenceItem } from './codegen/reference.js';
export { extractReference, typeFamily } from './codegen/reference.js';
export type { ActionSpec, FieldSpec, ItemSpec, ProductSpec, Spec, SpecStats } from './codegen/spec.js';
export { FIELD_TYPES, loadSpec, SpecError, walkFields } from './codegen/spec.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The repository's spec directory. */
export const SPEC_DIR = join(ROOT, 'spec');
/** Where the generated modules go. */
export const GENERATED_DIR = join(ROOT, 'src', 'generated');
/** Structural snapshot of the upstream API fact sheets, used to check the spec's coverage. */
export const REFERENCE_FILE = join(SPEC_DIR, 'reference', 'api-facts.json');

/**
 * Validates the spec in `specDir` and returns every generated file, formatted, keyed by its path
 * relative to `src/generated/` (e.g. `describe-susp-events.ts`, `schemas/describe-susp-events.ts`), in a
 * stable order. Writes nothing in the repository.
 */
export function generate(specDir: string = SPEC_DIR): Map<string, string> {
  const files = emit(specDir);
  const prefix = 'src/generated/';
  const formatted = formatSources(ROOT, new Map([...files].map(([name, source]) => [prefix + name, source])));
  return new Map([...formatted].map(([path, source]) => [path.slice(prefix.length), source]));
}

/** The generated files as the emitters write them, before formatting, in a stable order. */
function emit(specDir: string): Map<string, string> {
  const spec = loadSpec(specDir);
  const files = new Map<string, string>();
  for (const action of spec.actions) {
    files.set(`${moduleName(action.action)}.ts`, emitAction(action));
    files.set(`schemas/${moduleName(action.action)}.ts`, emitActionSchemas(action));
  }
  files.set('endpoints.ts', emitEndpoints(spec.products));
  files.set('index.ts', emitIndex(spec.actions));
  files.set('schemas/support.ts', emitSchemaSupport());
  files.set('schemas/index.ts', emitSchemaIndex(spec.actions));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Counts of actions, request parameters and response fields (all levels) in the spec. */
export function specStats(specDir: string = SPEC_DIR): SpecStats {
  return computeStats(loadSpec(specDir));
}

/** Writes the generated files into `outDir` and removes stale `.ts` files there. Returns what changed. */
export function writeGenerated(
  specDir: string = SPEC_DIR,
  outDir: string = GENERATED_DIR,
): { written: string[]; removed: string[] } {
  const files = generate(specDir);
  const removed: string[] = [];
  for (const dir of new Set([...files.keys()].map((name) => dirname(name)))) {
    const at = join(outDir, dir);
    mkdirSync(at, { recursive: true });
    for (const entry of readdirSync(at)) {
      const name = dir === '.' ? entry : `${dir}/${entry}`;
      if (entry.endsWith('.ts') && !files.has(name)) {
        rmSync(join(at, entry));
        removed.push(name);
      }
    }
  }
  for (const [name, content] of files) writeFileSync(join(outDir, name), content);
  return { written: [...files.keys()], removed };
}

/**
 * Refreshes {@link REFERENCE_FILE} (or `target`) from the upstream fact sheets (`actions.json`, then
 * `next-actions.json`), formatted as Biome formats the snapshot.
 */
export function importReference(factSheetPaths: readonly string[], target: string = REFERENCE_FILE): void {
  const reference = extractReference(
    ...factSheetPaths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as unknown),
  );
  const path = relative(ROOT, REFERENCE_FILE).split(sep).join('/');
  const formatted =
    formatSources(ROOT, new Map([[path, JSON.stringify(reference, null, 2)]])).get(path) ?? '';
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, formatted);
}

function main(args: readonly string[]): void {
  const sources = args.flatMap((arg, index) => {
    if (arg !== '--reference') return [];
    const source = args[index + 1];
    if (source === undefined) throw new Error('--reference needs the path of a fact sheet (actions.json)');
    return [source];
  });
  if (sources.length > 0) {
    importReference(sources);
    console.log(`codegen: wrote ${REFERENCE_FILE} from ${sources.join(', ')}`);
  }
  const { written, removed } = writeGenerated();
  const stats = specStats();
  console.log(
    `codegen: ${written.length} files in src/generated (${stats.actions} actions, ${stats.requestParams} request parameters, ${stats.responseFields} response fields)`,
  );
  if (removed.length > 0) console.log(`codegen: removed stale ${removed.join(', ')}`);
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(resolve(invoked)).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  }
}
