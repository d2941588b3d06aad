import { readJsonBody } from "@/lib/api/read-json-body";

/** Forms and settings bodies are a few hundred bytes; 64 KB leaves room and keeps a flood out of memory. */
export const JSON_BODY_LIMIT = 64 * 1024;

/**
 * The JSON body of a small request: 413 past JSON_BODY_LIMIT, 400 "body: not valid JSON" when it does not parse
 * (request.json() would throw a SyntaxError, which the handler can only report as a 500).
 */
export function readJson(request: Request): Promise<unknown> {
  return readJsonBody({ request, maxBytes: JSON_BODY_LIMIT });
}
