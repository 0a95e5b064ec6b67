import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; in tests that name means the sources.
    alias: [
      { find: /^alicloud-alert-handler\/emulator$/, replacement: source('./src/emulator/index.ts') },
      { find: /^alicloud-alert-handler\/schemas$/, replacement: source('./src/schemas.ts') },
      { find: /^alicloud-alert-handler$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Lets the soak test measure the heap after a full collection.
    execArgv: ['--expose-gc'],
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
