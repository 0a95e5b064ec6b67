import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsError, SasClient } from '../../src/index.js';
import { failure } from '../support/caught.js';
import { isolateCredentialEnvironment } from '../support/credential-environment.js';

/** The error of a call made with the default credential chain and nothing for it to find. */
async function noCredentials(): Promise<CredentialsError> {
  const sas = new SasClient({ endpoint: 'http://127.0.0.1:9', retry: false });
  const error = await failure(sas.describeSuspEvents({ CurrentPage: '1', PageSize: '1' }));
  expect(error).toBeInstanceOf(CredentialsError);
  return error as CredentialsError;
}

describe('CredentialsError of the default chain', () => {
  const home = isolateCredentialEnvironment();

  it('names every source tried, in order, with variable names and paths in plain text', async () => {
    const error = await noCredentials();
    console.log(error.message);

    expect(error.sourcesTried.map(({ source }) => source)).toEqual([
      'environment variables',
      'OIDC role',
      'Alibaba Cloud CLI profile',
      'credentials file',
      'ECS RAM role',
      'credentials URI',
    ]);
    for (const text of [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'ALIBABA_CLOUD_ROLE_ARN',
      'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      join(home(), '.aliyun', 'config.json'),
      join(home(), '.alibabacloud', 'credentials'),
      'ALIBABA_CLOUD_ECS_METADATA_DISABLED',
      'ALIBABA_CLOUD_CREDENTIALS_URI',
      'docs/credentials.md',
    ]) {
      expect(error.message).toContain(text);
    }
    expect(error.message).not.toContain('***');
    expect(error.message).not.toMatch(/undefined|<url redacted>/);
    expect(error.code).toBe('InvalidCredentials');
    expect(error.delivery).toBe('notSent');
  });

  it('says which variable is missing, never the value of the one that is set', async () => {
    const secret = 'EnvSecretValue0123456789abcd';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = secret;
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(home(), 'elsewhere', 'credentials');
    process.env.ALIBABA_CLOUD_PROFILE = 'ops';

    const error = await noCredentials();

    const [environment, , cli, file] = error.sourcesTried;
    expect(environment?.detail).toMatch(
      /ALIBABA_CLOUD_ACCESS_KEY_ID is not set.*ALIBABA_CLOUD_ACCESS_KEY_SECRET is set/,
    );
    expect(cli?.detail).toContain("profile 'ops' (ALIBABA_CLOUD_PROFILE)");
    expect(file?.detail).toContain(
      `${join(home(), 'elsewhere', 'credentials')} (ALIBABA_CLOUD_CREDENTIALS_FILE)`,
    );
    expect(file?.detail).toContain('does not exist');
    expect(JSON.stringify({ error, message: error.message, cause: String(error.cause) })).not.toContain(
      secret,
    );
  });

  it('tells a CLI profile file that exists but lacks the profile apart from a missing one', async () => {
    const secret = 'CliSecretValue0123456789abcd';
    mkdirSync(join(home(), '.aliyun'));
    writeFileSync(
      join(home(), '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: [
          { name: 'other', mode: 'AK', access_key_id: 'LTAI5tExampleKeyId01', access_key_secret: secret },
        ],
      }),
    );

    const error = await noCredentials();

    const cli = error.sourcesTried[2];
    expect(cli?.detail).toContain(`${join(home(), '.aliyun', 'config.json')} exists`);
    expect(cli?.detail).toContain("no profile 'default'");
    expect(cli?.detail).toContain('other');
    expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain(secret);
    expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain(
      'LTAI5tExampleKeyId01',
    );
  });

  it('keeps the library message only as a cause, without secrets but with names and paths', async () => {
    const error = await noCredentials();
    const cause = error.cause as Error;
    expect(cause.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(cause.message).toContain(join(home(), '.aliyun', 'config.json'));
  });
});
