import fs from "node:fs";
import { pipeline, Transform, type Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";

/**
 * How far a .gz may expand. Price text compresses 3-10x; a gzip bomb expands about 1000x. The ratio cap applies
 * past a floor, so a small, very repetitive file is never refused for its ratio alone.
 */
export type GzipLimits = { maxOutputBytes: number; maxRatio: number };

export const DEFAULT_GZIP_LIMITS: GzipLimits = { maxOutputBytes: 1024 * 1024 * 1024, maxRatio: 50 };
/** The limits from the settings (lib/env.ts's IMPORT_GZIP_MAX_MB and IMPORT_GZIP_MAX_RATIO). */
export function gzipLimitsFromEnv(env: { IMPORT_GZIP_MAX_MB: number; IMPORT_GZIP_MAX_RATIO: number }): GzipLimits {
  return { maxOutputBytes: env.IMPORT_GZIP_MAX_MB * 1024 * 1024, maxRatio: env.IMPORT_GZIP_MAX_RATIO };
}

const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

export class GzipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GzipLimitError";
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The most bytes `compressedBytes` of gzip (or zip) may expand to under `limits`. */
export function expansionCap(compressedBytes: number, limits: GzipLimits): number {
  return Math.min(limits.maxOutputBytes, Math.max(RATIO_FLOOR_BYTES, compressedBytes * limits.maxRatio));
}

export function expansionLimitError(kind: "gzip" | "xlsx", compressedBytes: number, cap: number, limits: GzipLimits): GzipLimitError {
  const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  const why = cap < limits.maxOutputBytes ? `more than ${limits.maxRatio}x its ${mb(compressedBytes)} compressed size` : `the ${mb(limits.maxOutputBytes)} limit`;
  return new GzipLimitError(
    `${kind} expands past ${mb(cap)} (${why}): refused as a possible ${kind === "gzip" ? "gzip" : "zip"} bomb, nothing imported (IMPORT_GZIP_MAX_MB and IMPORT_GZIP_MAX_RATIO set the limits)`,
  );
}

/** Gunzips bytes already in memory, stopping (GzipLimitError) as soon as the output passes the cap. */
export function gunzipCapped(bytes: Uint8Array, limits: GzipLimits = DEFAULT_GZIP_LIMITS): Buffer {
  const cap = expansionCap(bytes.length, limits);
  try {
    return gunzipSync(bytes, { maxOutputLength: cap });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw expansionLimitError("gzip", bytes.length, cap, limits);
    throw error;
  }
}

/**
 * An import file's bytes as a stream; a gzip file is decompressed as it streams and the stream fails
 * (GzipLimitError) as soon as the output passes the cap, so a bomb costs at most a chunk in memory, never its
 * expansion. A corrupt gzip fails with zlib's Z_* error code.
 */
export async function openImportStream(file: string, limits: GzipLimits = DEFAULT_GZIP_LIMITS): Promise<Readable> {
  const handle = await fs.promises.open(file);
  let size: number;
  const magic = Buffer.alloc(2);
  try {
    size = (await handle.stat()).size;
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (!isGzip(magic)) return fs.createReadStream(file);
  const cap = expansionCap(size, limits);
  let total = 0;
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > cap) return callback(expansionLimitError("gzip", size, cap, limits));
      callback(null, chunk);
    },
  });
  // pipeline destroys every stage with the first error, so whoever reads `capped` sees it.
  return pipeline(fs.createReadStream(file), createGunzip(), capped, () => {});
}

/**
 * Decompresses a gzip import file without keeping anything, so a bomb is refused (GzipLimitError) at zlib's speed
 * before a parser spends time on it; a plain file is not read.
 */
export async function checkGzipExpansion(file: string, limits: GzipLimits = DEFAULT_GZIP_LIMITS): Promise<void> {
  const handle = await fs.promises.open(file);
  const magic = Buffer.alloc(2);
  try {
    await handle.read(magic, 0, 2, 0);
  } finally {
    await handle.close();
  }
  if (!isGzip(magic)) return;
  for await (const chunk of await openImportStream(file, limits)) void chunk;
}

/** Reads a whole import file into memory (JSON documents), decompressed within the limits (see openImportStream). */
export async function readImportFile(file: string, limits: GzipLimits = DEFAULT_GZIP_LIMITS): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openImportStream(file, limits)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
