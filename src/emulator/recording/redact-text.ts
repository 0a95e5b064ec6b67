import { isIPv6 } from 'node:net';

/** What a secret is replaced with. */
export const SECRET_MASK = '***';
/** What an IPv6 address is replaced with. */
const IPV6_MASK = '****';

const SIGNED_PAIR =
  /\b(Signature|SecurityToken|AccessKeySecret|x-acs-security-token)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;
const ACS3_AUTHORIZATION = /\b(ACS3-[A-Z0-9-]+\s+Credential=)[^\s"']+/g;
const STS_TOKEN = /\bCAIS[A-Za-z0-9+/=_-]{20,}/g;
const ACCESS_KEY_ID = /\b(LTAI|STS\.)[A-Za-z0-9]{8,}/g;
const IPV6_CANDIDATE =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:(?:\.\d{1,3}){3})?(?:%[\w.]+)?(?![\w:])/g;
const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/g;
const ARN_ACCOUNT = /\b(acs:[\w-]*:[\w-]*:)(\d{6,})(?=:)/g;

/**
 * Masks everything identifying or secret in a text: the given secrets (also percent-encoded, once or
 * twice), `Signature=` / `SecurityToken=` pairs, ACS3 `Authorization` values, STS tokens (`CAIS…`),
 * AccessKey IDs (`LTAI…`, `STS.…`), account IDs inside ARNs, IPv6 addresses (`****`) and IPv4 addresses in
 * the documentation's mask style, first two octets kept (`47.100.XX.XX`).
 *
 * @param accountId - what account IDs inside ARNs become
 */
export function redactText(text: string, secrets: readonly string[], accountId: string): string {
  let out = text;
  for (const secret of secrets) {
    const encoded = encodeURIComponent(secret);
    for (const form of new Set([secret, encoded, encodeURIComponent(encoded)])) {
      out = out.split(form).join(SECRET_MASK);
    }
  }
  return out
    .replace(SIGNED_PAIR, `$1$2${SECRET_MASK}`)
    .replace(ACS3_AUTHORIZATION, `$1${SECRET_MASK}`)
    .replace(STS_TOKEN, SECRET_MASK)
    .replace(ACCESS_KEY_ID, '$1****')
    .replace(ARN_ACCOUNT, `$1${accountId}`)
    .replace(IPV6_CANDIDATE, (found) => (isIPv6(found.replace(/%.*$/, '')) ? IPV6_MASK : found))
    .replace(IPV4, (found, a: string, b: string, c: string, d: string) =>
      [a, b, c, d].every((octet) => Number(octet) <= 255) ? `${a}.${b}.XX.XX` : found,
    );
}
