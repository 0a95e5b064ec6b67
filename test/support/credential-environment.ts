import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Every variable the default credential chain of `@alicloud/credentials` reads, and `HOME`. */
const CREDENTIAL_VARIABLES = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'ALIBABA_CLOUD_ECS_METADATA',
  'ALIBABA_CLOUD_ECS_METADATA_DISABLED',
  'HOME',
];

/**
 * Runs each test of the calling suite with no credential in the environment, the ECS metadata service
 * disabled and `HOME` an empty temporary directory (so no `~/.aliyun/config.json`); restores all after.
 * Returns the current test's home directory.
 */
export function isolateCredentialEnvironment(): () => string {
  const saved = new Map<string, string | undefined>();
  let home = '';
  beforeEach(() => {
    for (const key of CREDENTIAL_VARIABLES) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
    process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    home = mkdtempSync(join(tmpdir(), 'credential-home-'));
    process.env.HOME = home;
  });
  afterEach(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(home, { recursive: true, force: true });
  });
  return () => home;
}
