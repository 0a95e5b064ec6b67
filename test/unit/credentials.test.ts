import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsError, ValidationError } from '../../src/errors.js';
import { CredentialSource } from '../../src/transport/credentials.js';
import { isolateCredentialEnvironment } from '../support/credential-environment.js';

describe('CredentialSource', () => {
  const home = isolateCredentialEnvironment();

  it('signs with explicit keys, as STS when a token is given', async () => {
    const plain = await new CredentialSource({
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    }).getCredential();
    expect(plain).toMatchObject({ accessKeyId: 'id', accessKeySecret: 'secret', type: 'access_key' });
    const sts = await new CredentialSource({
      accessKeyId: 'STS.id',
      accessKeySecret: 'secret',
      securityToken: 'token',
    }).getCredential();
    expect(sts.type).toBe('sts');
  });

  it('rejects incomplete explicit keys before any request', () => {
    expect(() => new CredentialSource({ accessKeyId: 'id', accessKeySecret: '' })).toThrow(ValidationError);
    expect(() => new CredentialSource({ accessKeyId: '', accessKeySecret: 'x' })).toThrow(
      /credential.accessKeyId/,
    );
  });

  it('asks a provider on every call, so rotation works', async () => {
    let n = 0;
    const source = new CredentialSource({
      getCredential: async () => ({ accessKeyId: `id${++n}`, accessKeySecret: `secret-number-${n}` }),
    });
    expect((await source.getCredential()).accessKeyId).toBe('id1');
    expect((await source.getCredential()).accessKeyId).toBe('id2');
    expect(source.secrets).toEqual(['secret-number-1', 'secret-number-2']);
  });

  it('turns a provider failure into a CredentialsError without the secret', async () => {
    const secret = 'LeakySecretValue0123456789';
    const source = new CredentialSource({
      getCredential: async () => {
        throw new Error(`bad reply {"AccessKeySecret":"${secret}"}`);
      },
    });
    const error = await source.getCredential().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(String((error as Error).message)).not.toContain(secret);
    expect(String(((error as Error).cause as Error).message)).not.toContain(secret);
  });

  it('uses the default chain: environment variables', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'env-id';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'env-secret';
    expect(await new CredentialSource(undefined).getCredential()).toMatchObject({ accessKeyId: 'env-id' });
  });

  it('does not leak a malformed CLI profile and recovers once credentials appear', async () => {
    const secret = 'ShortSecret1';
    mkdirSync(join(home(), '.aliyun'));
    writeFileSync(
      join(home(), '.aliyun', 'config.json'),
      `{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"x","access_key_secret":"${secret}"`,
    );
    const source = new CredentialSource(undefined);
    const error = await source.getCredential().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(
      JSON.stringify({ m: (error as Error).message, c: ((error as Error).cause as Error).message }),
    ).not.toContain(secret);
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'later-id';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'later-secret';
    expect((await source.getCredential()).accessKeyId).toBe('later-id');
  });
});
