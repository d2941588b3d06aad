import { Transform } from "node:stream";
import { NUL_MESSAGE } from "@/lib/import/parse-file-content";

/** A text file refused for holding NUL bytes (binary, or UTF-16). */
export class NulError extends Error {}

/** Passes bytes through, failing the stream at the first NUL byte; `onBytes` counts what passed. */
export function nulGuard(onBytes?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes?.(chunk.length);
      if (chunk.includes(0)) return callback(new NulError(NUL_MESSAGE));
      callback(null, chunk);
    },
  });
}
