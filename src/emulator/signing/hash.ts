import { createHash, createHmac } from 'node:crypto';

/** Hex SHA-256 of a string or bytes. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex HMAC-SHA256 of `data` under `key`. */
export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Base64 HMAC-SHA1 of `data` under `key`. */
export function hmacSha1Base64(key: string, data: string): string {
  return createHmac('sha1', key).update(data).digest('base64');
}
