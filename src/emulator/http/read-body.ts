import type { IncomingMessage } from 'node:http';

/**
 * Reads a whole request body, whether it came with `Content-Length` or `Transfer-Encoding: chunked`.
 */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
