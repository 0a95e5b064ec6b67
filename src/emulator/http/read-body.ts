import type { IncomingMessage } from 'node:http';

/**
 * Reads a whole request body, whether it came with `Content-Length` or `Transfer-Encoding: chunked`.
 * Rejects when the request fails or is aborted before its end.
 */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    // Once the body has ended the promise is settled: a later error or close changes nothing.
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete) reject(new Error('The request was aborted before its body ended.'));
    });
  });
}
