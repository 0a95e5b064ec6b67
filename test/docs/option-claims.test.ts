/**
 * What README.md and docs/*.md say about options is what the types in `src/` declare. The claims are
 * read from three forms the docs use:
 *
 * - a table headed `| method | options |`: each row names constructors (`new AlertHandler`), methods
 *   (`AlertHandler#plan`) or every method of a class ("every `SasClient` method"), and an options type
 *   with the options it claims (`` `PlanOptions`: `signal`, `batchSize` ``; every backticked word after
 *   the type is an option). Each method must take a parameter of that type, and the type must have each
 *   option (dotted paths reach nested ones);
 * - a table headed `` | `SomeOptions` | default | ``: each row names options and the default the docs
 *   state, which must be the option's `@defaultValue`;
 * - a sentence "`plan` and `execute` of `AlertHandler` take no `timeoutMs`": none of those methods may
 *   take an options type with that option.
 *
 * The types are read with the TypeScript compiler from the sources, as the package exports them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const DOCUMENTS = [
  'README.md',
  ...readdirSync(`${root}docs`)
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

interface MethodClaim {
  readonly document: string;
  readonly methods: readonly string[];
  readonly type: string;
  readonly options: readonly string[];
}

interface DefaultClaim {
  readonly document: string;
  readonly type: string;
  readonly option: string;
  readonly value: string;
}

interface AbsenceClaim {
  readonly document: string;
  readonly methods: readonly string[];
  readonly option: string;
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');

/** The tables of a markdown text: header cells and rows of cells. */
function tables(text: string): { header: string[]; rows: string[][] }[] {
  const found: { header: string[]; rows: string[][] }[] = [];
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
  const lines = text.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i]?.startsWith('|') || !/^\|[\s|:-]+\|$/.test(lines[i + 1] ?? '')) continue;
    const header = cells(lines[i] ?? '');
    const rows: string[][] = [];
    for (i += 2; lines[i]?.startsWith('|'); i++) rows.push(cells(lines[i] ?? ''));
    found.push({ header, rows });
  }
  return found;
}

/** `new X`, `X#m`, or "every `X` (and `Y`) method": the methods a cell names, as `X#m` or `X#constructor`. */
function methodsOf(cell: string, methodNames: (className: string) => string[]): string[] {
  return cell.split(',').flatMap((part) => {
    const names = backticked(part);
    if (/^\s*every\b/.test(part))
      return names.flatMap((className) => methodNames(className).map((m) => `${className}#${m}`));
    return names.map((name) => (name.startsWith('new ') ? `${name.slice(4)}#constructor` : name));
  });
}

function claims(methodNames: (className: string) => string[]) {
  const methods: MethodClaim[] = [];
  const defaults: DefaultClaim[] = [];
  const absences: AbsenceClaim[] = [];
  for (const document of DOCUMENTS) {
    const text = readFileSync(`${root}${document}`, 'utf8');
    for (const { header, rows } of tables(text)) {
      if (header[0] === 'method' && header[1] === 'options') {
        for (const [methodCell = '', optionsCell = ''] of rows) {
          const [, type = '', rest = ''] = /^`(\w+)`(?::(.*))?$/.exec(optionsCell) ?? [];
          methods.push({
            document,
            methods: methodsOf(methodCell, methodNames),
            type,
            options: backticked(rest),
          });
        }
      }
      const type = /^`(\w+)`$/.exec(header[0] ?? '')?.[1];
      if (type !== undefined && header[1] === 'default') {
        for (const [optionCell = '', defaultCell = ''] of rows) {
          const value = backticked(defaultCell)[0];
          for (const option of backticked(optionCell)) {
            if (value !== undefined) defaults.push({ document, type, option, value });
          }
        }
      }
    }
    const sentences = /((?:`\w+`(?:,\s*|\s+and\s+)?)+)\s+of\s+`(\w+)`\s+takes?\s+no\s+`(\w+)`/g;
    for (const [, names = '', className = '', option = ''] of text.matchAll(sentences)) {
      absences.push({ document, methods: backticked(names).map((name) => `${className}#${name}`), option });
    }
  }
  return { methods, defaults, absences };
}

let checker: ts.TypeChecker;
const exported = new Map<string, ts.Symbol>();

beforeAll(() => {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([`${root}src/index.ts`], parsed.options);
  checker = program.getTypeChecker();
  const source = program.getSourceFile(`${root}src/index.ts`);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    exported.set(symbol.name, target);
  }
}, 60_000);

function exportedSymbol(name: string): ts.Symbol {
  const symbol = exported.get(name);
  if (symbol === undefined) throw new Error(`${name} is not exported from src/index.ts`);
  return symbol;
}

/** The public methods of an exported class, by name. */
function methodNames(className: string): string[] {
  const type = checker.getDeclaredTypeOfSymbol(exportedSymbol(className));
  return checker
    .getPropertiesOfType(type)
    .filter((property) => property.flags & ts.SymbolFlags.Method && !property.name.startsWith('#'))
    .map((property) => property.name);
}

/** The names of the declared types of every parameter of `Class#method` (all its overloads). */
function parameterTypes(method: string): string[] {
  const [className = '', name = ''] = method.split('#');
  const classSymbol = exportedSymbol(className);
  const signatures =
    name === 'constructor'
      ? checker.getTypeOfSymbol(classSymbol).getConstructSignatures()
      : (() => {
          const property = checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(classSymbol), name);
          if (property === undefined) throw new Error(`${className} has no method ${name}`);
          return checker.getTypeOfSymbol(property).getCallSignatures();
        })();
  return signatures.flatMap((signature) =>
    signature.parameters.map((parameter) => {
      const declaration = parameter.valueDeclaration as ts.ParameterDeclaration | undefined;
      return declaration?.type?.getText() ?? '';
    }),
  );
}

/** The property at a dotted path of an exported type (`poll.intervalMs`), or undefined. */
function optionSymbol(typeName: string, path: string): ts.Symbol | undefined {
  let type: ts.Type | undefined = checker.getDeclaredTypeOfSymbol(exportedSymbol(typeName));
  let symbol: ts.Symbol | undefined;
  for (const name of path.split('.')) {
    if (type === undefined) return undefined;
    const members: ts.Type[] = type.isUnion() ? type.types : [type];
    symbol = members.map((member) => checker.getPropertyOfType(member, name)).find(Boolean);
    type = symbol && checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
  }
  return symbol;
}

/** The text of an option's `@defaultValue`. */
function defaultOf(symbol: ts.Symbol): string | undefined {
  const tag = symbol.getJsDocTags(checker).find((candidate) => candidate.name === 'defaultValue');
  return tag && ts.displayPartsToString(tag.text);
}

/**
 * Whether a default as the docs state it is the declared one: the same first word (`10000` and
 * `10000 (10 s)`, `'zh'` and `'zh' (the service's default)`), or a quoted string the declared text
 * names as its fallback (`'https'` in "the `endpoint` URL's scheme, else 'https'").
 */
function sameDefault(declared: string, stated: string): boolean {
  return (
    normalized(declared) === normalized(stated) || (/^'[^']*'$/.test(stated) && declared.includes(stated))
  );
}

function normalized(value: string): string {
  const text = value
    .trim()
    .replace(/^`|`$/g, '')
    .replace(/(\d)[ _,](?=\d{3})/g, '$1');
  return (/^'([^']*)'/.exec(text)?.[1] ?? /^[^\s(]+/.exec(text)?.[0] ?? text).replace(/^`|`$/g, '');
}

describe('option claims of README.md and docs/', () => {
  let found: ReturnType<typeof claims>;
  beforeAll(() => {
    found = claims(methodNames);
  });

  it('finds the claims: the method table of the README, defaults, and what some methods do not take', () => {
    expect(found.methods.filter((claim) => claim.document === 'README.md').length).toBeGreaterThanOrEqual(8);
    expect(found.methods.flatMap((claim) => claim.methods)).toEqual(
      expect.arrayContaining([
        'AlertHandler#plan',
        'AlertHandler#execute',
        'AlertHandler#handle',
        'AlertHandler#waitForTask',
        'SasClient#describeSuspEvents',
      ]),
    );
    expect(found.defaults.length).toBeGreaterThanOrEqual(10);
    expect(found.absences.flatMap((claim) => claim.methods)).toEqual(
      expect.arrayContaining([
        'AlertHandler#plan',
        'AlertHandler#execute',
        'AlertHandler#handle',
        'AlertHandler#waitForTask',
      ]),
    );
  });

  it('names for each method an options type it takes, and options that type has', () => {
    const wrong: string[] = [];
    for (const { document, methods, type, options } of found.methods) {
      for (const method of methods) {
        if (!parameterTypes(method).includes(type)) wrong.push(`${document}: ${method} takes no ${type}`);
      }
      for (const option of options) {
        if (optionSymbol(type, option) === undefined)
          wrong.push(`${document}: ${type} has no option ${option}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('states the defaults the types declare', () => {
    const wrong = found.defaults.flatMap(({ document, type, option, value }) => {
      const symbol = optionSymbol(type, option);
      if (symbol === undefined) return [`${document}: ${type} has no option ${option}`];
      const declared = defaultOf(symbol);
      return declared !== undefined && sameDefault(declared, value)
        ? []
        : [`${document}: ${type}.${option} defaults to ${declared ?? '(no @defaultValue)'}, not ${value}`];
    });
    expect(wrong).toEqual([]);
  });

  it('says a method takes no option only when none of its options types has it', () => {
    const wrong = found.absences.flatMap(({ document, methods, option }) =>
      methods.flatMap((method) =>
        parameterTypes(method)
          .filter((type) => exported.has(type) && optionSymbol(type, option) !== undefined)
          .map((type) => `${document}: ${method} takes ${type}, which has ${option}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('catches a wrong claim (the reader of the claims is not blind)', () => {
    expect(parameterTypes('AlertHandler#plan')).toContain('PlanOptions');
    expect(optionSymbol('PlanOptions', 'timeoutMs')).toBeUndefined();
    expect(optionSymbol('CallOptions', 'timeoutMs')).toBeDefined();
    expect(optionSymbol('AlertHandlerOptions', 'poll.intervalMs')).toBeDefined();
    expect(optionSymbol('AlertHandlerOptions', 'poll.signal')).toBeUndefined();
    const timeout = optionSymbol('ClientOptions', 'timeoutMs');
    expect(timeout && defaultOf(timeout)).toBe('10000');
    expect(sameDefault('10000', '20')).toBe(false);
    expect(sameDefault('200', '20')).toBe(false);
    expect(sameDefault("'zh' (the service's default)", "'en'")).toBe(false);
    expect(normalized("'zh' (the service's default)")).toBe('zh');
    expect(normalized('15 000 ms, longer than')).toBe('15000');
  });
});
