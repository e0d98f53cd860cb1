import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-errors.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body, refusing it with 413 as soon as it is known to be too large: from
 * Content-Length before reading, and from the bytes actually streamed (a chunked body, or a
 * Content-Length that lies) while reading, so an oversize body is never buffered whole.
 */
export async function readBodyText(
  request: Request,
  maxBytes: number,
  incoming?: IncomingMessage,
): Promise<string> {
  checkDeclaredLength(request.headers.get('content-length') ?? undefined, maxBytes);
  const chunks = incoming ? await readIncoming(incoming, maxBytes) : await readStream(request, maxBytes);
  return decode(chunks);
}

function checkDeclaredLength(declared: string | undefined, maxBytes: number): void {
  if (declared === undefined || declared.trim() === '') return;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new HttpError(400, 'invalid_body', 'Content-Length is not a byte count');
  }
  if (length > maxBytes) throw tooLarge(maxBytes);
}

/** Under Node, straight from the socket: a web stream per request costs more than the handler. */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array[]> {
  if (incoming.readableEnded) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        cleanup();
        // Let the rest drain unread so the response can still be written on this connection.
        incoming.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    const onError = () => {
      cleanup();
      reject(new HttpError(400, 'invalid_body', 'The request body could not be read'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
}

async function readStream(request: Request, maxBytes: number): Promise<Uint8Array[]> {
  if (request.body === null) return [];
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'invalid_body', 'The request body could not be read');
  }
  return chunks;
}

function decode(chunks: Uint8Array[]): string {
  // A callback's form nearly always arrives in one chunk: decode it where it lies.
  if (chunks.length === 1) return decodeBytes(chunks[0]!);
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeBytes(bytes);
}

function decodeBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_body', 'The request body is not UTF-8');
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes`);
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The Node request behind a Hono context, when `@hono/node-server` serves it. */
export function nodeIncoming(env: unknown): IncomingMessage | undefined {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  return incoming && typeof (incoming as IncomingMessage).on === 'function'
    ? (incoming as IncomingMessage)
    : undefined;
}

/** Vobiz posts `application/x-www-form-urlencoded`; nothing else is a Vobiz callback. */
export async function readForm(
  request: Request,
  maxBytes: number,
  incoming?: IncomingMessage,
): Promise<URLSearchParams> {
  if (request.method === 'GET' || request.method === 'HEAD') return new URL(request.url).searchParams;
  const type = mediaType(request);
  if (type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Vobiz callbacks are application/x-www-form-urlencoded',
    );
  }
  const text = await readBodyText(request, maxBytes, incoming);
  return new URLSearchParams(text);
}

/**
 * `readForm` on a bare Node request, for the `/vobiz/*` fast path: the same media type check,
 * the same limits (declared and streamed) and the same errors.
 */
export async function readNodeForm(
  incoming: IncomingMessage,
  search: string,
  maxBytes: number,
): Promise<URLSearchParams> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return new URLSearchParams(search);
  const type = (incoming.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Vobiz callbacks are application/x-www-form-urlencoded',
    );
  }
  checkDeclaredLength(incoming.headers['content-length'], maxBytes);
  return new URLSearchParams(decode(await readIncoming(incoming, maxBytes)));
}

/** The `/v1` API speaks JSON objects only. */
export async function readJsonObject(
  request: Request,
  maxBytes: number,
  incoming?: IncomingMessage,
): Promise<Record<string, unknown>> {
  const type = mediaType(request);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const text = await readBodyText(request, maxBytes, incoming);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_json', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
