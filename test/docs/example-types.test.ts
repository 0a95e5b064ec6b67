/**
 * Every `@example` of the public API type-checks against the sources, as users would write it.
 *
 * The examples are read from the doc comments of what the package's entry points export (and of their
 * members). Each is wrapped in a module whose one-line preamble imports the public names it does not
 * declare itself and declares the free variables examples lean on (`alerts`, `alert`, `plan`, ...);
 * all are type-checked in one TypeScript program held in memory, with the repository's compiler
 * options, whose `paths` map the package names to the sources. An error names the example's file,
 * line and symbol.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Entry {
  /** The name users import. */
  readonly name: string;
  readonly path: string;
  /** Names (besides the entry's own and the main entry's) its examples may use without importing. */
  readonly context: readonly { readonly from: string; readonly names: readonly string[] }[];
}

/** Imports an example may leave out, for every entry: what a program of the user already has. */
const COMMON_CONTEXT = [{ from: 'node:fs/promises', names: ['readFile', 'writeFile'] }];

const MAIN = 'alicloud-alert-handler';

const ENTRIES: readonly Entry[] = [
  { name: MAIN, path: 'src/index.ts', context: COMMON_CONTEXT },
  {
    name: 'alicloud-alert-handler/emulator',
    path: 'src/emulator/index.ts',
    // The emulator is for tests: its examples are test code.
    context: [
      ...COMMON_CONTEXT,
      { from: 'vitest', names: ['afterAll', 'afterEach', 'beforeAll', 'beforeEach', 'expect'] },
    ],
  },
  { name: 'alicloud-alert-handler/schemas', path: 'src/schemas.ts', context: COMMON_CONTEXT },
];

/**
 * The free variables examples use, and their types (declared with `let`: a test may assign
 * `emulator`). An example that declares one of these names itself keeps its own.
 */
const FREE_VARIABLES: Readonly<Record<string, string>> = {
  alerts: 'AlertHandler',
  rplan: 'ResponsePlan',
  approval: 'Approval',
  simulation: 'RuleSimulation',
  alert: 'Alert',
  feed: 'AsyncIterable<AlertChange>',
  changes: 'AlertChange[]',
  alertId: 'string',
  alertIds: 'string[]',
  ids: 'string[]',
  riskId: 'string',
  plan: 'Plan',
  report: 'HandlingReport',
  ops: 'AlertOperations',
  operation: 'Operation',
  rules: 'WhitelistRule[]',
  client: 'SasClient',
  sas: 'SasClient',
  sddp: 'SddpClient',
  risks: 'RiskHandler',
  signal: 'AbortSignal',
  controller: 'AbortController',
  taskId: 'number',
  executionId: 'string',
  journal: 'Store',
  requests: 'HandleRequest[]',
  submissionId: 'string',
  worker: 'Worker',
  onProgress: '(progress: ExecuteProgress) => void',
  logger: 'Record<"debug" | "info" | "warn" | "error", (...args: unknown[]) => void>',
  emulator: `import('${MAIN}/emulator').Emulator`,
  recorder: `import('${MAIN}/emulator').CassetteRecorder`,
  accessKeyId: 'string',
  accessKeySecret: 'string',
  fleet: 'AccountFleet',
  fleetPlan: 'FleetPlan',
  fleetResponsePlan: 'FleetResponsePlan',
  fleetRequests: 'FleetHandleRequest[]',
  allowedAccounts: 'string[]',
  approvals: 'Approval[]',
  expiresAt: 'Date',
};

/** One `@example` code block and where it comes from. */
interface Example {
  /** The dotted name it documents, e.g. `AlertHandler.plan`. */
  readonly symbol: string;
  /** The source file, relative to the repository. */
  readonly file: string;
  /** The line (1-based) of the block's first line of code in that file. */
  readonly line: number;
  readonly code: string;
  readonly entry: Entry;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = `${root}tsconfig.json`;
  const { config, error } = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'));
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/** The code blocks (```ts or ```typescript) of one `@example` tag, with their first line in the file. */
function codeBlocks(source: ts.SourceFile, tag: ts.JSDocTag): { line: number; code: string }[] {
  const start = tag.getStart(source);
  const startLine = source.getLineAndCharacterOfPosition(start).line;
  const lines = source.text
    .slice(start, tag.end)
    .split('\n')
    .map((line) => line.replace(/^\s*\*( |$)/, '').replace(/\s*\*\/\s*$/, ''));
  const blocks: { line: number; code: string }[] = [];
  // Inside a ts block: its first line and its code so far; inside a block of another language: 'other'.
  let open: { line: number; code: string[] } | 'other' | undefined;
  lines.forEach((text, index) => {
    const fence = /^\s*```\s*(\w*)/.exec(text);
    if (fence === null) {
      if (typeof open === 'object') open.code.push(text);
    } else if (open === undefined) {
      const language = fence[1] ?? '';
      open =
        language === 'ts' || language === 'typescript' ? { line: startLine + index + 2, code: [] } : 'other';
    } else {
      if (open !== 'other') blocks.push({ line: open.line, code: open.code.join('\n') });
      open = undefined;
    }
  });
  return blocks;
}

/** The exports of an entry point, aliases resolved. */
function exportsOf(program: ts.Program, entry: Entry): { name: string; symbol: ts.Symbol }[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(`${root}${entry.path}`);
  const module = source && checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`cannot read ${entry.path}`);
  return checker.getExportsOfModule(module).map((exported) => ({
    name: exported.name,
    symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
  }));
}

/** `Class.member` for the declaration of a member of a named class or interface (the one declaring it). */
function ownerName(declaration: ts.Declaration): string | undefined {
  const owner = declaration.parent;
  const member = ts.getNameOfDeclaration(declaration);
  if (member === undefined || !(ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)))
    return undefined;
  if (owner.name === undefined || !(ts.isIdentifier(member) || ts.isPrivateIdentifier(member)))
    return undefined;
  return `${owner.name.text}.${member.text}`;
}

/** Every `@example` block of the doc comments of what the entry points export, and of their members. */
function collectExamples(program: ts.Program): Example[] {
  const checker = program.getTypeChecker();
  const examples: Example[] = [];
  const seen = new Set<ts.Node>();

  const fromNode = (node: ts.Node, symbol: string, entry: Entry) => {
    if (seen.has(node)) return;
    seen.add(node);
    const source = node.getSourceFile();
    if (!source.fileName.startsWith(`${root}src/`)) return;
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== 'example') continue;
      for (const block of codeBlocks(source, tag)) {
        examples.push({ symbol, file: source.fileName.slice(root.length), entry, ...block });
      }
    }
  };
  const fromSymbol = (symbol: ts.Symbol, name: string, entry: Entry) => {
    for (const declaration of symbol.declarations ?? []) {
      fromNode(declaration, ownerName(declaration) ?? name, entry);
      if (ts.isClassDeclaration(declaration)) {
        for (const member of declaration.members) {
          if (ts.isConstructorDeclaration(member)) fromNode(member, `${name}.constructor`, entry);
        }
      }
    }
  };

  for (const entry of ENTRIES) {
    // The module's own comment (`@packageDocumentation`) is attached to its first statement.
    const first = program.getSourceFile(`${root}${entry.path}`)?.statements[0];
    if (first !== undefined) fromNode(first, entry.name, entry);
    for (const { name, symbol } of exportsOf(program, entry)) {
      fromSymbol(symbol, name, entry);
      // Members: instance side of classes and interfaces, static side of classes and objects.
      const sides: ts.Type[] = [];
      if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
        sides.push(checker.getDeclaredTypeOfSymbol(symbol));
      }
      if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.ValueModule)) {
        sides.push(checker.getTypeOfSymbol(symbol));
      }
      for (const side of sides) {
        for (const member of checker.getPropertiesOfType(side)) {
          if (member.name !== 'prototype') fromSymbol(member, `${name}.${member.name}`, entry);
        }
      }
    }
  }
  return examples;
}

/** The names an example declares at its top level, imports included. */
function topLevelNames(code: string): Set<string> {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) names.add(element.name.text);
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** What the preamble of an entry's examples may import: names by module, values and types apart. */
type Importable = Map<string, { from: string; value: boolean }>;

function importable(program: ts.Program, entry: Entry): Importable {
  const names: Importable = new Map();
  const add = (from: string, exported: readonly { name: string; symbol: ts.Symbol }[]) => {
    for (const { name, symbol } of exported) {
      // The entry's own names win over the main entry's (the emulator has its own WhitelistRule).
      if (!names.has(name)) names.set(name, { from, value: (symbol.flags & ts.SymbolFlags.Value) !== 0 });
    }
  };
  add(entry.name, exportsOf(program, entry));
  const main = ENTRIES.find((candidate) => candidate.name === MAIN);
  if (main !== undefined && main !== entry) add(MAIN, exportsOf(program, main));
  for (const { from, names: context } of entry.context) {
    for (const name of context) if (!names.has(name)) names.set(name, { from, value: true });
  }
  return names;
}

/** The module an example is checked as: a preamble of one line, then the example as written. */
function wrap(example: Example, names: Importable): string {
  const own = topLevelNames(example.code);
  const byModule = new Map<string, string[]>();
  for (const [name, { from, value }] of names) {
    if (own.has(name)) continue;
    byModule.set(from, [...(byModule.get(from) ?? []), value ? name : `type ${name}`]);
  }
  const imports = [...byModule].map(([from, list]) => `import { ${list.join(', ')} } from '${from}';`);
  const declarations = Object.entries(FREE_VARIABLES)
    .filter(([name]) => !own.has(name) && !names.has(name))
    .map(([name, type]) => `declare let ${name}: ${type};`);
  // One line, so that line n of the example is line n + 1 of the module.
  return `${[...imports, ...declarations].join(' ')}\n${example.code}\nexport {};\n`;
}

/** Type-checks every example in one program; per example, its type errors. */
function typeCheck(): { examples: Example[]; errors: Map<Example, string[]> } {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const virtual = new Map<string, string>();
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = virtual.get(fileName);
    return text === undefined
      ? getSourceFile.call(host, fileName, language, ...rest)
      : ts.createSourceFile(fileName, text, language, true);
  };
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName);

  const sources = ts.createProgram({
    rootNames: ENTRIES.map((entry) => `${root}${entry.path}`),
    options,
    host,
  });
  const examples = collectExamples(sources);
  const names = new Map(ENTRIES.map((entry) => [entry, importable(sources, entry)]));
  const byFile = new Map<string, Example>();
  examples.forEach((example, index) => {
    // In memory only, under the repository so that its package.json and tsconfig paths apply.
    const fileName = `${root}.tmp/api-examples/example-${index + 1}.ts`;
    virtual.set(fileName, wrap(example, names.get(example.entry) ?? new Map()));
    byFile.set(fileName, example);
  });
  // Reuses the sources' files; only the examples are new.
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host, oldProgram: sources });

  const errors = new Map<Example, string[]>();
  for (const [fileName, example] of byFile) {
    const source = program.getSourceFile(fileName);
    if (source === undefined) throw new Error(`${fileName} was not compiled`);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const line =
        diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
      const where = example.line + Math.max(0, line - 1);
      errors.set(example, [
        ...(errors.get(example) ?? []),
        `${example.file}:${where} (@example of ${example.symbol}): TS${diagnostic.code} ${message}`,
      ]);
    }
  }
  return { examples, errors };
}

describe('@example blocks of the public API', () => {
  let examples: Example[] = [];
  let errors = new Map<Example, string[]>();
  beforeAll(() => {
    ({ examples, errors } = typeCheck());
  }, 120_000);

  it('are found for the classes, functions and members of every entry point', () => {
    expect(examples.length).toBeGreaterThan(100);
    expect([...new Set(examples.map((example) => example.symbol))]).toEqual(
      expect.arrayContaining(['AlertHandler', 'AlertHandler.plan', 'Operations.blockIp', 'startEmulator']),
    );
  });

  it('type-check against the sources', () => {
    const messages = [...errors.values()].flat();
    expect(messages, `type errors in examples:\n${messages.join('\n')}`).toEqual([]);
  });
});
