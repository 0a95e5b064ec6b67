import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  // `npm run build` empties dist first; the two builds below run side by side.
  clean: false,
  // p-retry is ESM-only; it is bundled so that the CommonJS build works on every Node 20 release.
  noExternal: ['p-retry', 'is-network-error'],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', schemas: 'src/schemas.ts', emulator: 'src/emulator/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
  },
  {
    // The standalone emulator command (`alicloud-alert-emulator`); its shebang comes from the source.
    ...shared,
    entry: { cli: 'src/emulator/cli.ts' },
    format: ['esm'],
    dts: false,
  },
]);
