import { CredentialsError, SdkError, ValidationError } from '../errors.js';
import { CredentialsModule } from './alicloud.js';
import { unwrapDefault } from './interop.js';
import type { CredentialInput, CredentialModel, CredentialProvider } from './options.js';
import { redactCredentialText, sanitizeError } from './redact.js';

const MAX_REMEMBERED_SECRETS = 8;

type CredentialConstructor = new () => CredentialProvider;

function isProvider(input: CredentialInput): input is CredentialProvider {
  return typeof (input as CredentialProvider).getCredential === 'function';
}

/**
 * The credential source a client signs with: explicit keys, the caller's provider, or the default
 * chain of `@alicloud/credentials`, created on first use and re-created after a failure (a failed
 * chain otherwise keeps retrying only its last provider).
 *
 * It remembers the secrets it handed out so that errors can be scrubbed of them, and turns every
 * provider failure into a {@link CredentialsError} with a redacted message.
 */
export class CredentialSource implements CredentialProvider {
  readonly #input: CredentialInput | undefined;
  #defaultChain: CredentialProvider | undefined;
  readonly #secrets: string[] = [];

  constructor(input: CredentialInput | undefined) {
    if (input !== undefined && !isProvider(input)) validateKeys(input);
    this.#input = input;
    if (input !== undefined && !isProvider(input)) this.#remember(input);
  }

  /** Secrets seen so far (AccessKey secrets and STS tokens), most recent last. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** Returns the credentials for the next request. */
  async getCredential(): Promise<CredentialModel> {
    const input = this.#input;
    if (input !== undefined && !isProvider(input)) {
      return {
        accessKeyId: input.accessKeyId,
        accessKeySecret: input.accessKeySecret,
        securityToken: input.securityToken,
        type: input.securityToken ? 'sts' : 'access_key',
      };
    }
    const provider = input ?? this.#chain();
    let model: CredentialModel;
    try {
      model = await provider.getCredential();
    } catch (error) {
      if (input === undefined) this.#defaultChain = undefined;
      if (error instanceof SdkError) throw error;
      throw this.#failure(error);
    }
    if (!model?.accessKeyId || !model.accessKeySecret) {
      throw new CredentialsError(
        'The credential provider returned no AccessKey ID or secret. Check the provider, or pass `credential: { accessKeyId, accessKeySecret }`.',
        { code: 'InvalidCredentials' },
      );
    }
    this.#remember(model);
    return model;
  }

  #chain(): CredentialProvider {
    if (this.#defaultChain === undefined) {
      const Credential = unwrapDefault<CredentialConstructor>(CredentialsModule);
      this.#defaultChain = new Credential();
    }
    return this.#defaultChain;
  }

  #remember(model: CredentialModel): void {
    for (const value of [model.accessKeySecret, model.securityToken]) {
      if (value && !this.#secrets.includes(value)) this.#secrets.push(value);
    }
    if (this.#secrets.length > MAX_REMEMBERED_SECRETS)
      this.#secrets.splice(0, this.#secrets.length - MAX_REMEMBERED_SECRETS);
  }

  #failure(error: unknown): CredentialsError {
    const redact = (text: string) => redactCredentialText(text, this.#secrets);
    const reason = error instanceof Error ? redact(error.message) : 'unknown error';
    const where =
      this.#input === undefined
        ? 'the default credential chain (ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET, OIDC, ~/.aliyun/config.json, ~/.alibabacloud/credentials, ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI)'
        : 'the configured credential provider';
    return new CredentialsError(
      `Could not get credentials from ${where}: ${reason}. Configure one of them, or pass \`credential\` explicitly.`,
      { code: 'InvalidCredentials', cause: sanitizeError(error, redact) },
    );
  }
}

function validateKeys(keys: {
  accessKeyId?: unknown;
  accessKeySecret?: unknown;
  securityToken?: unknown;
}): void {
  for (const field of ['accessKeyId', 'accessKeySecret'] as const) {
    if (typeof keys[field] !== 'string' || keys[field] === '') {
      throw new ValidationError(
        `\`credential.${field}\` must be a non-empty string. Pass both keys, a provider with getCredential(), or omit \`credential\` to use the default chain.`,
        { field: `credential.${field}` },
      );
    }
  }
  if (
    keys.securityToken !== undefined &&
    (typeof keys.securityToken !== 'string' || keys.securityToken === '')
  ) {
    throw new ValidationError('`credential.securityToken` must be a non-empty string when given.', {
      field: 'credential.securityToken',
    });
  }
}
