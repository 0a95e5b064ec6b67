import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
