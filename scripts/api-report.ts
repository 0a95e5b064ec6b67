/**
 * API reports of the three package entries, made by API Extractor from the built typings in `dist/`.
 *
 * The reports (`etc/*.api.md`) are committed: every change of the public surface shows as a diff of them.
 * Settings shared by the entries are in `api-extractor.json`; this script adds one entry point and one
 * report name per entry and analyses the three in one TypeScript program.
 *
 * Usage, after `npm run build`:
 *
 * - `npm run api:report` (`tsx scripts/api-report.ts`): rewrites the reports that changed;
 * - `npm run api:check` (`tsx scripts/api-report.ts --check`): writes nothing under `etc/`, prints the
 *   difference and fails when a report does not match `dist/` (a test runs the same check).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CompilerState,
  ConsoleMessageId,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
} from '@microsoft/api-extractor';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_PATH = join(ROOT, 'api-extractor.json');

/** One entry of the package's `exports`, its bundled typings and its report. */
export interface ApiEntry {
  /** The subpath in `exports`: `.`, `./emulator`, `./schemas`. */
  readonly entry: string;
  /** The ESM typings, relative to the package root (the `.d.cts` twins declare the same surface). */
  readonly typings: string;
  /** The committed report, relative to the package root, in `apiReport.reportFolder` of api-extractor.json. */
  readonly report: string;
}

export const API_ENTRIES: readonly ApiEntry[] = [
  { entry: '.', typings: 'dist/index.d.ts', report: 'etc/alicloud-alert-handler.api.md' },
  {
    entry: './emulator',
    typings: 'dist/emulator.d.ts',
    report: 'etc/alicloud-alert-handler-emulator.api.md',
  },
  { entry: './schemas', typings: 'dist/schemas.d.ts', report: 'etc/alicloud-alert-handler-schemas.api.md' },
];

export interface ApiReportResult {
  readonly entry: ApiEntry;
  /** No errors, and in check mode no warnings and an unchanged report either. */
  readonly succeeded: boolean;
  /** The report generated from `dist/` differs from the committed one (or that one is missing). */
  readonly changed: boolean;
  /** Errors and warnings, one line each, with their location. */
  readonly problems: readonly string[];
  /** In check mode, the unified difference from the committed report to the generated one. */
  readonly diff: string | undefined;
}

/**
 * Generates the report of each entry from `dist/` and compares it with the committed one. With
 * `update`, changed reports are rewritten; without it, nothing under `etc/` is written.
 */
export function runApiReports(options: { update: boolean }): ApiReportResult[] {
  const missing = API_ENTRIES.filter((entry) => !existsSync(join(ROOT, entry.typings)));
  if (missing.length > 0) {
    throw new Error(
      `${missing.map((entry) => entry.typings).join(', ')} not found: run \`npm run build\` first.`,
    );
  }
  if (options.update) mkdirSync(join(ROOT, 'etc'), { recursive: true });
  const baseConfig = ExtractorConfig.loadFile(CONFIG_PATH);
  const configs = API_ENTRIES.map((entry) =>
    ExtractorConfig.prepare({
      configObject: {
        ...baseConfig,
        mainEntryPointFilePath: `<projectFolder>/${entry.typings}`,
        apiReport: {
          ...baseConfig.apiReport,
          enabled: true,
          reportFileName: reportFileName(entry),
        },
      },
      configObjectFullPath: CONFIG_PATH,
      packageJsonFullPath: join(ROOT, 'package.json'),
    }),
  );
  // One TypeScript program for the three entries: they share chunks of typings.
  const [firstConfig] = configs;
  if (firstConfig === undefined) return [];
  const compilerState = CompilerState.create(firstConfig, {
    additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath),
  });

  return API_ENTRIES.map((entry, index) => {
    const problems: string[] = [];
    let diff: string | undefined;
    const result = Extractor.invoke(configs[index] as ExtractorConfig, {
      localBuild: options.update,
      compilerState,
      printApiReportDiff: !options.update,
      messageCallback: (message: ExtractorMessage) => {
        message.handled = true;
        if (message.messageId === ConsoleMessageId.ApiReportDiff) {
          diff = message.text.replace(/^Changes to the API report:\s*/, '');
        } else if (
          message.logLevel === ExtractorLogLevel.Error ||
          message.logLevel === ExtractorLogLevel.Warning
        ) {
          const known =
            message.messageId === ConsoleMessageId.ApiReportNotCopied ||
            message.messageId === ConsoleMessageId.ApiReportCopied ||
            message.messageId === ConsoleMessageId.ApiReportCreated;
          if (!known) problems.push(message.formatMessageWithLocation(ROOT));
        }
      },
    });
    return { entry, succeeded: result.succeeded, changed: result.apiReportChanged, problems, diff };
  });
}

/** The report's file name without `.api.md`, which API Extractor appends. */
function reportFileName(entry: ApiEntry): string {
  const name = entry.report.split('/').at(-1) ?? entry.report;
  return name.replace(/\.api\.md$/, '');
}

/** What a failed check says for one entry. */
export function describeFailure(result: ApiReportResult): string {
  const { entry } = result;
  const lines = [];
  if (result.changed) {
    lines.push(
      existsSync(join(ROOT, entry.report))
        ? `The public API of entry '${entry.entry}' (${entry.typings}) differs from ${entry.report}.`
        : `The public API of entry '${entry.entry}' (${entry.typings}) has no report: ${entry.report} is missing.`,
      'If the change is intended, run `npm run build && npm run api:report` and commit the diff of etc/*.api.md.',
    );
  }
  if (result.problems.length > 0) {
    lines.push(`API Extractor reported for entry '${entry.entry}' (${entry.typings}):`, ...result.problems);
  }
  if (result.diff !== undefined) lines.push('', result.diff);
  return lines.join('\n');
}

function main(args: readonly string[]): number {
  const update = !args.includes('--check');
  let failed = false;
  for (const result of runApiReports({ update })) {
    const { entry } = result;
    if (!result.succeeded || (!update && result.changed)) {
      failed = true;
      console.error(describeFailure(result));
    } else {
      for (const problem of result.problems) console.warn(problem);
      console.log(`${entry.entry}: ${entry.report} ${result.changed ? 'updated' : 'up to date'}`);
    }
  }
  return failed ? 1 : 0;
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(resolve(invoked)).href) {
  process.exitCode = main(process.argv.slice(2));
}
