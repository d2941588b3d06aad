import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/lib/errors/app-error";
import type { UploadedFile } from "@/lib/import/uploads";

/** A file name safe to write and to show: the base name in a small alphabet, never empty, unique in the upload. */
function safeName(raw: string, index: number, used: Set<string>): string {
  let name = path.basename(raw).replace(/[^A-Za-z0-9._^=-]/g, "_").slice(0, 120);
  if (!name || name === "." || name === "..") name = `upload-${index}`;
  if (used.has(name)) name = `${index}-${name}`;
  used.add(name);
  return name;
}

export type ReceivedUpload = { files: UploadedFile[]; fields: Record<string, string> };

/**
 * Streams a multipart/form-data body's "files" parts to disk under `dir`, never holding more than a part's
 * current chunk in memory. busboy (the parser behind multer and Fastify's multipart, and the one Next itself
 * bundles) does the parsing: multipart boundaries, quoting and header limits are easy to get subtly wrong by hand.
 * The whole body is cut off at `maxBytes` as it arrives (413), with or without a Content-Length; other fields
 * come back as text (up to 200 characters each).
 */
export async function receiveMultipartUpload(options: {
  body: ReadableStream<Uint8Array> | null;
  contentType: string;
  maxBytes: number;
  maxFiles: number;
  dir: string;
}): Promise<ReceivedUpload> {
  const { maxBytes, maxFiles, dir } = options;
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const tooLarge = () => new AppError("payload_too_large", `Uploads are limited to ${mb} MB at once (UPLOAD_MAX_MB)`);
  if (!/^multipart\/form-data/i.test(options.contentType) || !options.body) {
    throw new AppError("bad_request", "files: send multipart/form-data with one or more files");
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": options.contentType }, limits: { files: maxFiles, fileSize: maxBytes, fields: 20, fieldSize: 1024, parts: maxFiles + 20 } });
  } catch {
    throw new AppError("bad_request", "files: the multipart Content-Type has no boundary");
  }

  const files: UploadedFile[] = [];
  const writes: Promise<void>[] = [];
  const used = new Set<string>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
  };
  parser.on("file", (field, stream, info) => {
    if (field !== "files" || failure) {
      stream.resume();
      return;
    }
    const index = files.length;
    const name = safeName(info.filename ?? "", index, used);
    const target = path.join(dir, String(index));
    const file: UploadedFile = { name, path: target, size: 0 };
    files.push(file);
    stream.on("data", (chunk: Buffer) => (file.size += chunk.length));
    stream.on("limit", () => fail(tooLarge()));
    writes.push(pipeline(stream, fs.createWriteStream(target, { mode: 0o600 })).catch((error: Error) => fail(error)));
  });
  const fields: Record<string, string> = {};
  parser.on("field", (name, value) => {
    if (name !== "files") fields[name] = value.slice(0, 200);
  });
  parser.on("filesLimit", () => fail(new AppError("bad_request", `files: at most ${maxFiles} files at once`)));

  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) return callback(tooLarge());
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(options.body as NodeWebReadableStream<Uint8Array>), cap, parser);
  } catch (error) {
    fail(error instanceof AppError ? error : new AppError("bad_request", `files: malformed multipart body (${(error as Error).message})`));
  }
  await Promise.all(writes);
  if (failure) throw failure;
  if (files.length === 0) throw new AppError("bad_request", "files: no file in the upload");
  return { files, fields };
}
