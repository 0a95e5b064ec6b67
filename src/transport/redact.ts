/** Text put in place of anything secret. */
export const REDACTED = '***';

const URL_PATTERN = /https?:\/\/[^\s"'<>]+/gi;
const SECRET_PARAM_PATTERN =
  /\b(Signature|SecurityToken|AccessKeySecret|accessKeySecret|securityToken|access_key_secret|sts_token|BearerToken|bearerToken)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/g;
const AUTHORIZATION_PATTERN = /\b(ACS3-[A-Z0-9-]+\s+Credential=)[^\s"']+/g;
const LONG_TOKEN_PATTERN = /[A-Za-z0-9+/=_-]{20,}/g;
const JSON_BLOCK_PATTERN = /\{[\s\S]*$/;

/**
 * Removes secrets from a text: every known secret value (also percent-encoded), signed URLs (any URL: query strings carry
 * signatures and tokens in legacy signing), `Signature=`/`SecurityToken=`-style pairs and ACS3
 * `Authorization` values.
 *
 * @param secrets - values known to be secret (AccessKey secret, STS token), replaced wherever found
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const encoded = encodeURIComponent(secret);
    for (const form of new Set([secret, encoded, encodeURIComponent(encoded)]))
      out = out.split(form).join(REDACTED);
  }
  return out
    .replace(URL_PATTERN, '<url redacted>')
    .replace(AUTHORIZATION_PATTERN, `$1${REDACTED}`)
    .replace(SECRET_PARAM_PATTERN, `$1$2${REDACTED}`);
}

/** An environment variable's name, e.g. `ALIBABA_CLOUD_ACCESS_KEY_ID`: upper case, digits, underscores. */
const VARIABLE_NAME_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Stricter redaction for text from the credential layer, which may quote a whole configuration file:
 * drops everything from the first `{` (a quoted file, even cut short) and every long token-like word on
 * top of {@link redactText}, except environment variable names and the words of `keep` (paths known to
 * be safe to show, such as `~/.aliyun/config.json` resolved).
 */
export function redactCredentialText(
  text: string,
  secrets: Iterable<string> = [],
  keep: Iterable<string> = [],
): string {
  const kept = new Set([...keep].flatMap((safe) => safe.match(LONG_TOKEN_PATTERN) ?? []));
  return redactText(text, secrets)
    .replace(JSON_BLOCK_PATTERN, '{…}')
    .replace(LONG_TOKEN_PATTERN, (word) =>
      VARIABLE_NAME_PATTERN.test(word) || kept.has(word) ? word : REDACTED,
    );
}

const SAFE_ERROR_FIELDS = ['code', 'errno', 'syscall', 'hostname', 'address', 'port', 'statusCode'] as const;

/**
 * A clean copy of an error thrown by a dependency, safe to attach as `cause`: same name, redacted
 * message and stack, and only fields known to hold no secret (`code`, `errno`, `syscall`, ...).
 */
export function sanitizeError(error: unknown, redact: (text: string) => string): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redact(error.stack);
  const source = error as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const field of SAFE_ERROR_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') {
      target[field] = typeof value === 'string' ? redact(value) : value;
    }
  }
  return copy;
}
