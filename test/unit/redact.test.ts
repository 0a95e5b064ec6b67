import { describe, expect, it } from 'vitest';
import { redactCredentialText, redactText, sanitizeError } from '../../src/transport/redact.js';

const SECRET = 'Zx9SecretValueOfThirtyCharsAbC';
const TOKEN = 'CAIS+token/with=special&chars';

describe('redactText', () => {
  it('removes known secrets, also percent-encoded', () => {
    const text = `secret ${SECRET} token ${encodeURIComponent(TOKEN)} twice ${encodeURIComponent(encodeURIComponent(TOKEN))}`;
    const out = redactText(text, [SECRET, TOKEN]);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(encodeURIComponent(TOKEN));
    expect(out).not.toContain(encodeURIComponent(encodeURIComponent(TOKEN)));
  });

  it('removes URLs glued to a message, as Node network errors carry them', () => {
    const out = redactText(
      'connect ECONNREFUSED 127.0.0.1:1http://127.0.0.1:1/?AccessKeyId=LTAI5&Signature=abc%3D&SecurityToken=tok',
      [],
    );
    expect(out).toBe('connect ECONNREFUSED 127.0.0.1:1<url redacted>');
  });

  it('removes signature, token and secret pairs and ACS3 authorization values', () => {
    const out = redactText(
      'Signature=abcd SecurityToken: tok123 "accessKeySecret":"s3cr3t" ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host,Signature=ff00',
    );
    expect(out).not.toMatch(/abcd|tok123|s3cr3t|ff00/);
  });
});

describe('redactCredentialText', () => {
  it('drops JSON blocks and long token-like words', () => {
    const out = redactCredentialText(
      'failed to parse {"profiles":[{"access_key_secret":"abc"}]} key LTAI5tAbCdEfGhIjKlMnOpQr',
    );
    expect(out).not.toContain('access_key_secret');
    expect(out).not.toContain('LTAI5tAbCdEfGhIjKlMnOpQr');
    expect(out).toContain('failed to parse');
  });

  it('keeps variable names and the paths it is told are safe, still removing secrets', () => {
    const path = '/tmp/credential-home-Xy12ab/.alibabacloud/credentials';
    const out = redactCredentialText(
      `variable (ALIBABA_CLOUD_ACCESS_KEY_ID) not set, access '${path}', secret ${SECRET}, LTAI5tAbCdEfGhIjKlMnOpQr`,
      [SECRET],
      [`${path} does not exist`],
    );
    expect(out).toBe(`variable (ALIBABA_CLOUD_ACCESS_KEY_ID) not set, access '${path}', secret ***, ***`);
  });
});

describe('sanitizeError', () => {
  it('copies only safe fields and redacts message and stack', () => {
    const raw = Object.assign(new Error(`boom ${SECRET}`), {
      code: 'ECONNRESET',
      config: { accessKeySecret: SECRET },
      headers: { authorization: 'x' },
    });
    const copy = sanitizeError(raw, (text) => redactText(text, [SECRET]));
    expect(copy.message).toBe('boom ***');
    expect(copy.stack).not.toContain(SECRET);
    expect((copy as unknown as Record<string, unknown>).code).toBe('ECONNRESET');
    expect(copy).not.toHaveProperty('config');
    expect(copy).not.toHaveProperty('headers');
  });
});
