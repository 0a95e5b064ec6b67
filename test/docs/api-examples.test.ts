import { fileURLToPath } from 'node:url';
import {
  Application,
  type JSONOutput,
  LogLevel,
  normalizePath,
  ReflectionKind,
  TSConfigReader,
  TypeDocReader,
} from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Reflections that must show an example: functions, classes, and methods of classes and interfaces. */
const MUST_HAVE_EXAMPLE = new Set<number>([
  ReflectionKind.Function,
  ReflectionKind.Class,
  ReflectionKind.Method,
]);

/** The fields of a serialized reflection this test reads. */
interface JsonReflection {
  readonly variant?: string;
  readonly name?: string;
  readonly kind?: number;
  readonly inheritedFrom?: unknown;
  readonly comment?: JSONOutput.Comment;
  readonly signatures?: readonly JsonReflection[];
}

function hasExample(reflection: JsonReflection): boolean {
  return [reflection, ...(reflection.signatures ?? [])].some((owner) =>
    owner.comment?.blockTags?.some((tag) => tag.tag === '@example'),
  );
}

/**
 * Walks the whole serialized project (modules, classes, interfaces, type literals) and calls `visit` with
 * every declaration it must check and its dotted path, e.g. `index.HandlingReport.summary`. Inherited
 * members are skipped: they show the example of the member they inherit.
 */
function walk(
  node: unknown,
  path: readonly string[],
  visit: (path: string, reflection: JsonReflection) => void,
) {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, path, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const reflection = node as JsonReflection;
  let here = path;
  if (reflection.variant === 'declaration') {
    if (reflection.inheritedFrom !== undefined) return;
    here = [...path, reflection.name ?? '?'];
    if (MUST_HAVE_EXAMPLE.has(reflection.kind ?? 0)) visit(here.join('.'), reflection);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'comment' && key !== 'inheritedFrom') walk(value, here, visit);
  }
}

describe('API reference', () => {
  const checked: string[] = [];
  const missing: string[] = [];

  beforeAll(async () => {
    const app = await Application.bootstrapWithPlugins(
      {
        options: `${root}typedoc.json`,
        tsconfig: `${root}tsconfig.json`,
        treatWarningsAsErrors: false,
        logLevel: LogLevel.Error,
      },
      [new TypeDocReader(), new TSConfigReader()],
    );
    const project = await app.convert();
    if (project === undefined) {
      throw new Error('typedoc could not convert the sources (see the errors above)');
    }
    const json = app.serializer.projectToObject(project, normalizePath(root));
    walk(json, [], (path, reflection) => {
      checked.push(path);
      if (!hasExample(reflection)) missing.push(path);
    });
  }, 120_000);

  it('covers both entry points', () => {
    expect(checked).toEqual(
      expect.arrayContaining(['index.AlertHandler', 'index.AlertHandler.handle', 'emulator.startEmulator']),
    );
  });

  it('has an @example for every exported function, class and method', () => {
    expect(missing, `no @example:\n${missing.join('\n')}`).toEqual([]);
  });
});
