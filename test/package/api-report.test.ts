import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_ENTRIES,
  type ApiReportResult,
  describeFailure,
  runApiReports,
} from '../../scripts/api-report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface PackageJson {
  exports: Record<string, string | { import?: { types?: string } }>;
}

describe('API reports (etc/*.api.md)', () => {
  let results: ApiReportResult[] = [];

  beforeAll(() => {
    // Reads the built typings (`npm test` builds first) and writes nothing under etc/.
    results = runApiReports({ update: false });
  }, 120_000);

  it('covers every entry of the package exports', () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as PackageJson;
    const typedEntries = Object.entries(pkg.exports).flatMap(([entry, target]) =>
      typeof target === 'object' && target.import?.types !== undefined
        ? [{ entry, typings: target.import.types.replace(/^\.\//, '') }]
        : [],
    );
    expect(API_ENTRIES.map(({ entry, typings }) => ({ entry, typings }))).toEqual(typedEntries);
  });

  it.each(API_ENTRIES.map((entry) => [entry.entry, entry] as const))(
    "entry '%s' matches its committed report",
    (_, entry) => {
      const result = results.find((candidate) => candidate.entry === entry);
      if (result === undefined) throw new Error(`No API report was generated for entry '${entry.entry}'.`);
      if (!result.succeeded || result.changed) expect.fail(describeFailure(result));
    },
  );
});
