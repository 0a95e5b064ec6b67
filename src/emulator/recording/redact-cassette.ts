import type { Cassette, CassetteInteraction } from '../cassette.js';
import { redactText, SECRET_MASK } from './redact-text.js';

/** What every account ID becomes: a number stays a number, a string of digits a string of digits. */
export const PLACEHOLDER_ACCOUNT_ID = 1_000_000_000_000_000;

const ACCOUNT_KEY = /AliUid|AccountId|OwnerId/i;
const SECRET_KEY = /secret|securitytoken|signature|authorization/i;
const DIGIT_LIST = /^\d+(?:,\d+)*$/;

/** Options of {@link redactCassette}. */
export interface RedactOptions {
  /**
   * Values that must not appear anywhere, such as the AccessKey ID and secret and the STS token the
   * cassette was recorded with; they are masked as they are and percent-encoded.
   */
  readonly secrets?: Iterable<string>;
}

/**
 * Returns a copy of a cassette that is safe to commit: known secrets (also percent-encoded), AccessKey
 * IDs, signatures and STS tokens masked; IPv4 addresses masked in the documentation's style with the
 * first two octets kept (`47.100.XX.XX`), IPv6 addresses as `****`; account IDs (values under keys
 * matching `AliUid`, `AccountId` or `OwnerId`) replaced by {@link PLACEHOLDER_ACCOUNT_ID}, of the same
 * type, so that the cassette still validates and replays. Request parameters are redacted the same way,
 * so a replay must send the redacted values.
 *
 * @example
 * ```ts
 * const safe = redactCassette(recorder.take('list', 'recorded in cn-shanghai'), {
 *   secrets: [accessKeyId, accessKeySecret],
 * });
 * ```
 */
export function redactCassette(cassette: Cassette, options: RedactOptions = {}): Cassette {
  const secrets = [...(options.secrets ?? [])].filter((secret) => secret !== '');
  const text = (value: string) => redactText(value, secrets, String(PLACEHOLDER_ACCOUNT_ID));
  return {
    name: cassette.name,
    source: text(cassette.source),
    interactions: cassette.interactions.map((interaction) => redactInteraction(interaction, text)),
  };
}

function redactInteraction(
  interaction: CassetteInteraction,
  text: (value: string) => string,
): CassetteInteraction {
  const { request, response } = interaction;
  const params = Object.fromEntries(
    Object.entries(request.params).map(([key, value]) => [key, String(redactValue(value, key, text))]),
  );
  return {
    request: { ...request, params },
    response: {
      ...response,
      body: redactValue(response.body, undefined, text) as typeof response.body,
      ...(response.headers && {
        headers: redactValue(response.headers, undefined, text) as Record<string, string>,
      }),
    },
  };
}

function redactValue(value: unknown, key: string | undefined, text: (value: string) => string): unknown {
  if (key !== undefined && ACCOUNT_KEY.test(key) && isAccountId(value)) return placeholderFor(value);
  if (key !== undefined && SECRET_KEY.test(key) && typeof value === 'string') return SECRET_MASK;
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key, text));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, field]) => [name, redactValue(field, name, text)]),
    );
  }
  return value;
}

function isAccountId(value: unknown): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && DIGIT_LIST.test(value));
}

function placeholderFor(value: number | string): number | string {
  return typeof value === 'number'
    ? PLACEHOLDER_ACCOUNT_ID
    : value.replace(/\d+/g, String(PLACEHOLDER_ACCOUNT_ID));
}
