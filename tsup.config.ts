import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    emulator: 'src/emulator/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
  // p-retry is ESM-only; it is bundled so that the CommonJS build works on every Node 20 release.
  noExternal: ['p-retry', 'is-network-error'],
});
