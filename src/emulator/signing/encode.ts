/**
 * Percent-encodes a string the way Alibaba Cloud signatures expect (RFC 3986): `encodeURIComponent`
 * plus `!`, `'`, `(`, `)` and `*`, so that only unreserved characters stay as they are.
 *
 * @example
 * ```ts
 * rfc3986('a b*c'); // 'a%20b%2Ac'
 * ```
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
