import { AppError } from "@/lib/errors/app-error";

/**
 * Reads a request body as JSON, refusing more than `maxBytes` (413) without buffering past the cap, so an oversize
 * or endless body cannot exhaust memory; invalid JSON is a 400 as before.
 */
export async function readJsonBody({ request, maxBytes }: { request: Request; maxBytes: number }): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyBytes({ request, maxBytes }));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request", "body: not valid JSON");
  }
}

/** Forms and settings bodies are a few hundred bytes; 64 KB leaves room and keeps a flood out of memory. */
const JSON_BODY_LIMIT = 64 * 1024;

/** The JSON body of a small request (forms, settings): readJsonBody capped at JSON_BODY_LIMIT. */
export function readJson(request: Request): Promise<unknown> {
  return readJsonBody({ request, maxBytes: JSON_BODY_LIMIT });
}

/**
 * The raw body, refusing more than `maxBytes` (413) as it streams in: a declared Content-Length is checked first,
 * and a chunked body without one is cut off at the cap instead of buffered whole.
 */
async function readBodyBytes({ request, maxBytes }: { request: Request; maxBytes: number }): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("payload_too_large", `body: larger than ${maxBytes} bytes`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}
