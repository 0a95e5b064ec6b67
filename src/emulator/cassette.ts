import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PRODUCT_BY_VERSION, SIGNING_PARAMS } from './routing.js';

/** A recorded request: which API was called and its flat wire parameters, signing fields left out. */
export const CassetteRequestSchema = z
  .object({
    product: z.enum(['Sas', 'Sddp', 'Sts', 'ResourceDirectoryMaster']),
    version: z.string().min(1),
    action: z.string().min(1),
    params: z.record(z.string(), z.string()),
  })
  .check((context) => {
    const { product, version, params } = context.value;
    if (PRODUCT_BY_VERSION[version] !== product) {
      context.issues.push({
        code: 'custom',
        input: version,
        path: ['version'],
        message: `version ${version} is not an API version of ${product}`,
      });
    }
    for (const name of Object.keys(params).filter((key) => SIGNING_PARAMS.has(key))) {
      context.issues.push({
        code: 'custom',
        input: name,
        path: ['params', name],
        message: 'signing fields are not recorded',
      });
    }
  });

/** A recorded answer. A string body is served as is; an object or array as JSON. */
export const CassetteResponseSchema = z.object({
  status: z.number().int().min(100).max(599),
  body: z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())]),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().int().nonnegative().optional(),
});

/** One request and the answer to serve for it. */
export const CassetteInteractionSchema = z.object({
  request: CassetteRequestSchema,
  response: CassetteResponseSchema,
});

/**
 * A cassette: recorded interactions replayed in order for contract tests.
 *
 * @example
 * ```json
 * {
 *   "name": "describe-susp-events-throttled",
 *   "source": "recorded against cn-shanghai, secrets removed",
 *   "interactions": [
 *     {
 *       "request": { "product": "Sas", "version": "2018-12-03", "action": "DescribeSuspEvents", "params": { "PageSize": "20" } },
 *       "response": { "status": 400, "body": { "Code": "Throttling.User", "Message": "Request was denied due to user flow control." } }
 *     },
 *     {
 *       "request": { "product": "Sas", "version": "2018-12-03", "action": "DescribeSuspEvents", "params": { "PageSize": "20" } },
 *       "response": { "status": 200, "body": { "TotalCount": 0, "SuspEvents": [] } }
 *     }
 *   ]
 * }
 * ```
 */
export const CassetteSchema = z.object({
  name: z.string().min(1),
  source: z.string(),
  interactions: z.array(CassetteInteractionSchema),
});

/** A validated cassette. */
export type Cassette = z.infer<typeof CassetteSchema>;
/** One interaction of a {@link Cassette}. */
export type CassetteInteraction = z.infer<typeof CassetteInteractionSchema>;
/** The request side of a {@link CassetteInteraction}. */
export type CassetteRequest = z.infer<typeof CassetteRequestSchema>;
/** The response side of a {@link CassetteInteraction}. */
export type CassetteResponse = z.infer<typeof CassetteResponseSchema>;

/**
 * Thrown when a cassette cannot be read or does not follow {@link CassetteSchema}.
 *
 * @example
 * ```ts
 * // The message names the file and lists every problem with its path.
 * await expect(readCassette('cassettes/hand-edited.json')).rejects.toBeInstanceOf(CassetteError);
 * expect(() => parseCassette('{ "name": "empty" }')).toThrow(CassetteError); // no `source`, `interactions`
 * ```
 */
export class CassetteError extends Error {
  override name = 'CassetteError';
}

/**
 * Validates a cassette, given as JSON text or as an already parsed value.
 *
 * @throws {@link CassetteError} when the text is not JSON or the value is not a cassette; the message
 * lists every problem with its path.
 * @example
 * ```ts
 * emulator.loadCassette(parseCassette(await readFile('cassettes/throttled.json', 'utf8')));
 * ```
 */
export function parseCassette(input: unknown): Cassette {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new CassetteError(`A cassette must be JSON: ${(error as Error).message}`);
    }
  }
  const result = CassetteSchema.safeParse(value);
  if (!result.success) throw new CassetteError(`Invalid cassette:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * Reads and validates a cassette file.
 *
 * @throws {@link CassetteError} when the file cannot be read or is not a valid cassette (the message
 * names the file).
 * @example
 * ```ts
 * const emulator = await startEmulator({ cassettes: [await readCassette('test/fixtures/cassettes/list.json')] });
 * ```
 */
export async function readCassette(path: string): Promise<Cassette> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CassetteError(`Cannot read cassette ${path}: ${(error as Error).message}`);
  }
  try {
    return parseCassette(text);
  } catch (error) {
    throw new CassetteError(`${path}: ${(error as Error).message}`);
  }
}
