import { CredentialsError, SdkError, ValidationError } from '../errors.js';
import { CredentialsModule } from './alicloud.js';
import { defaultChainSources } from './credential-chain.js';
import { unwrapDefault } from './interop.js';
import type { CredentialInput, CredentialModel, CredentialProvider } from './options.js';
import { redactCredentialText, redactText, sanitizeError } from './redact.js';

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
    if (this.#input !== undefined) {
      const redact = (text: string) => redactCredentialText(text, this.#secrets);
      const reason = error instanceof Error ? redact(error.message) : 'unknown error';
      return new CredentialsError(
        `Could not get credentials from the configured credential provider: ${reason}. Check the provider, or pass \`credential: { accessKeyId, accessKeySecret }\`.`,
        { code: 'InvalidCredentials', cause: sanitizeError(error, redact) },
      );
    }
    const sourcesTried = defaultChainSources().map(({ source, detail }) => ({
      source,
      detail: redactText(detail, this.#secrets),
    }));
    const details = sourcesTried.map(({ detail }) => detail);
    const redact = (text: string) => redactCredentialText(text, this.#secrets, details);
    const tried = sourcesTried.map(({ source, detail }, index) => `  ${index + 1}. ${source}: ${detail}.`);
    return new CredentialsError(
      [
        'Found no credentials: the default credential chain of @alicloud/credentials tried, in order:',
        ...tried,
        'Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, configure one of the other ' +
          'sources, or pass `credential` to the client (see docs/credentials.md).',
      ].join('\n'),
      { code: 'InvalidCredentials', cause: sanitizeError(error, redact), sourcesTried },
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
