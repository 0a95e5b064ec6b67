import type { EmulatorBodyStream } from '../http/handler.js';
import { jsonText } from '../http/json-text.js';
import { isObject } from './field-paths.js';

/** How much of the body each piece holds, about. */
const PIECE_BYTES = 64 * 1024;

/**
 * An answer padded to at least `sizeBytes`, still valid JSON, as a stream that builds each piece when
 * the client asks for it: the items of the body's first non-empty list of objects (depth first:
 * `SuspEvents`, `Items`, `data.Items`, ...) repeated in turn until the size is reached, or, for a body
 * without one, spaces after its opening brace. Only one copy of each item is held, as text.
 *
 * @param chunked - Leave the length out, so that the body is sent without `Content-Length`.
 */
export function oversizedStream(
  body: Record<string, unknown>,
  sizeBytes: number,
  chunked: boolean,
): EmulatorBodyStream {
  const marker = `\u0000items:${sizeBytes}\u0000`;
  const list = firstObjectList(body);
  const items = list === undefined ? [] : list.holder[list.key];
  const withMarker = structuredClone(body);
  if (list !== undefined) placeAt(withMarker, list.path, marker);
  const text = jsonText(withMarker);
  const quoted = JSON.stringify(marker);
  const split = list === undefined ? -1 : text.indexOf(quoted);
  const stream =
    split === -1
      ? spaces(text, sizeBytes)
      : repeated(
          text.slice(0, split),
          (items as unknown[]).map((item) => Buffer.from(jsonText(item))),
          text.slice(split + quoted.length),
          sizeBytes,
        );
  return chunked ? { chunks: stream.chunks } : stream;
}

/** `{` + spaces + the rest of the body. */
function spaces(text: string, sizeBytes: number): EmulatorBodyStream {
  const rest = Buffer.from(text.slice(1));
  const padding = Math.max(0, sizeBytes - 1 - rest.length);
  return {
    length: 1 + padding + rest.length,
    *chunks() {
      yield Buffer.from('{');
      const piece = Buffer.alloc(Math.min(PIECE_BYTES, padding), 0x20);
      for (let left = padding; left > 0; left -= piece.length) {
        yield left >= piece.length ? piece : piece.subarray(0, left);
      }
      yield rest;
    },
  };
}

/** `prefix[` + items in turn, comma-separated, until `sizeBytes` is reached + `]suffix`. */
function repeated(
  prefix: string,
  items: readonly Buffer[],
  suffix: string,
  sizeBytes: number,
): EmulatorBodyStream {
  const head = Buffer.from(`${prefix}[`);
  const tail = Buffer.from(`]${suffix}`);
  let length = head.length + tail.length;
  let count = 0;
  while (length < sizeBytes || count === 0) {
    length += (count === 0 ? 0 : 1) + (items[count % items.length]?.length ?? 0);
    count += 1;
  }
  const comma = Buffer.from(',');
  return {
    length,
    *chunks() {
      yield head;
      let piece: Buffer[] = [];
      let pieceBytes = 0;
      for (let index = 0; index < count; index++) {
        const item = items[index % items.length] as Buffer;
        if (index > 0) piece.push(comma);
        piece.push(item);
        pieceBytes += item.length + 1;
        if (pieceBytes >= PIECE_BYTES) {
          yield Buffer.concat(piece);
          piece = [];
          pieceBytes = 0;
        }
      }
      if (piece.length > 0) yield Buffer.concat(piece);
      yield tail;
    },
  };
}

interface FoundList {
  readonly holder: Record<string, unknown>;
  readonly key: string;
  readonly path: readonly string[];
}

/** The first field, depth first through objects, that holds a non-empty list of objects. */
function firstObjectList(body: Record<string, unknown>, path: readonly string[] = []): FoundList | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      return { holder: body, key, path: [...path, key] };
    }
    if (isObject(value)) {
      const found = firstObjectList(value, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function placeAt(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let holder = body;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  holder[path.at(-1) ?? ''] = value;
}
