import { sep } from 'node:path';
import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  // `npm run build` empties dist first; the builds below run side by side.
  clean: false,
};

const entries = { index: 'src/index.ts', schemas: 'src/schemas.ts', emulator: 'src/emulator/index.ts' };

/**
 * In the ESM outputs, `src/transport/alicloud.ts` (the one module importing the CommonJS-only
 * `@alicloud/*` packages) is not bundled but loaded as `dist/alicloud.cjs`: Node then requires the
 * packages as CommonJS instead of translating each of their modules for ESM.
 */
const alicloudAsCommonJs: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'alicloud-as-commonjs',
  setup(build) {
    build.onResolve({ filter: /^\.\/alicloud\.js$/ }, (args) =>
      args.importer.includes(`${sep}src${sep}transport${sep}`)
        ? { path: './alicloud.cjs', external: true }
        : undefined,
    );
  },
};

export default defineConfig([
  { ...shared, entry: entries, format: ['esm'], dts: true, esbuildPlugins: [alicloudAsCommonJs] },
  { ...shared, entry: entries, format: ['cjs'], dts: true },
  // Loaded by the ESM outputs (see above).
  { ...shared, entry: { alicloud: 'src/transport/alicloud.ts' }, format: ['cjs'], dts: false },
  {
    // The standalone emulator command (`alicloud-alert-emulator`); its shebang comes from the source.
    ...shared,
    entry: { cli: 'src/emulator/cli.ts' },
    format: ['esm'],
    dts: false,
    esbuildPlugins: [alicloudAsCommonJs],
  },
]);
