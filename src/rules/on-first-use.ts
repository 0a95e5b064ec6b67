/**
 * Loads the libraries rule sets need (zod for validation, re2js for regexes) on first use, not when
 * the package is imported: importing `alicloud-alert-handler` loads neither (a test of the built
 * package holds it to that), and only a program that parses a rule set pays for them.
 *
 * Loading is synchronous (`require`), so that `ResponseRules.parse` stays synchronous. In the ESM build
 * `import.meta.url` locates this package's own copies; the CommonJS build has `__filename` instead.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';
import type * as Zod from 'zod';

let load: NodeJS.Require | undefined;

function loader(): NodeJS.Require {
  load ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return load;
}

/** zod, loaded on first use. */
export function zod(): typeof Zod {
  return loader()('zod') as typeof Zod;
}

/** re2js (RE2 regular expressions: linear time, no backtracking), loaded on first use. */
export function re2js(): typeof Re2js {
  return loader()('re2js') as typeof Re2js;
}
