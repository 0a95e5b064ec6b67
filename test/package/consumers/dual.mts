/**
 * An ESM application that also loads the CommonJS build (as a CommonJS dependency of it would):
 * two sets of classes, where `instanceof` fails across builds and `isSdkError` does not. Prints one
 * JSON line.
 */
import { createRequire } from 'node:module';
import * as esm from 'alicloud-alert-handler';

const cjs = createRequire(import.meta.url)('alicloud-alert-handler') as typeof esm;
let rejected: unknown;
try {
  cjs.Operations.blockIp({ duration: 'forever' as '1d' });
} catch (error) {
  rejected = error;
}
console.log(
  JSON.stringify({
    twoBuilds: cjs.SdkError !== esm.SdkError,
    instanceOf: rejected instanceof esm.SdkError,
    isSdkError: esm.isSdkError(rejected),
    name: rejected instanceof Error ? rejected.name : undefined,
  }),
);
