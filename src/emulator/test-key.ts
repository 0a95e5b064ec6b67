/**
 * The emulator's documented test AccessKey: the standalone emulator (`alicloud-alert-emulator`) accepts
 * it unless started with `--random-keys` or keys of its own, and the examples sign with it when they
 * are pointed at a loopback endpoint without keys. It opens a local emulator and nothing else: Alibaba
 * Cloud knows no such key.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ ...EMULATOR_TEST_KEY, alerts: sampleAlerts(45) });
 * const sas = new SasClient({ endpoint: emulator.url, credential: EMULATOR_TEST_KEY });
 * ```
 */
export const EMULATOR_TEST_KEY = Object.freeze({
  accessKeyId: 'LTAIemulatorTestKey',
  accessKeySecret: 'emulator-test-secret',
} as const);
