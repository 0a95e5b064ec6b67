import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import ts from 'typescript';

/** The repository root: where `.dependency-cruiser.cjs`, `tsconfig.json` and `src/` live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One broken rule, as `from → to (rule)`, for failure messages. */
export function describeViolation(violation: IViolation): string {
  const line = `${violation.from} → ${violation.to} (${violation.rule.name})`;
  if (violation.cycle === undefined || violation.cycle.length === 0) return line;
  return `${line} cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')}`;
}

/**
 * Cruises `<root>/src` with the repository's dependency rules, resolving imports with `<root>/tsconfig.json`
 * (so `./x.js` finds `./x.ts` and the package's own name finds `src/index.ts`).
 */
export async function cruiseSources(root: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(join(REPO_ROOT, '.dependency-cruiser.cjs'));
  const tsConfigFile = join(root, 'tsconfig.json');
  const tsConfig = extractTSConfig(tsConfigFile);
  // Without a `baseUrl` the cruiser resolves `paths` from the working directory rather than from the
  // tsconfig's; naming the tsconfig's own directory makes the cruise independent of where it runs.
  tsConfig.options.baseUrl ??= root;
  const { output } = await cruise(
    ['src'],
    { ...options, baseDir: root, tsConfig: { fileName: tsConfigFile } },
    {},
    { tsConfig },
  );
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return output;
}

/** Whether `from` imports `to` at all in a cruised graph, allowed or not. */
export function hasDependency(result: ICruiseResult, from: string, to: string): boolean {
  const module = result.modules.find((candidate) => candidate.source === from);
  return module?.dependencies.some((dependency) => dependency.resolved === to) ?? false;
}

/**
 * Imports and re-exports that name types alone but mark them one by one (`import { type X } from`): the
 * cruiser counts them as type-only, yet under `verbatimModuleSyntax` they still load the module at run
 * time. Written `import type { X }` they are erased, as the rules that allow type-only imports assume.
 */
export function inlineTypeOnlyImports(root: string): string[] {
  const found: string[] = [];
  const directory = join(root, 'src');
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = join(directory, entry);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!isTypesOnlyMarkedInline(statement)) continue;
      const { line } = source.getLineAndCharacterOfPosition(statement.getStart(source));
      found.push(`src/${entry.split(sep).join('/')}:${line + 1}: ${statement.getText(source)}`);
    }
  }
  return found;
}

function isTypesOnlyMarkedInline(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause === undefined || clause.isTypeOnly || clause.name !== undefined) return false;
    const bindings = clause.namedBindings;
    return (
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly)
    );
  }
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    return (
      !statement.isTypeOnly &&
      statement.moduleSpecifier !== undefined &&
      clause !== undefined &&
      ts.isNamedExports(clause) &&
      clause.elements.length > 0 &&
      clause.elements.every((element) => element.isTypeOnly)
    );
  }
  return false;
}
