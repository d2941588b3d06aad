import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { DateFormat } from "@/lib/import/detect-dialect";
import type { GzipLimits } from "@/lib/import/gunzip-capped";
import { importFiles, type FileImportResult, type ImportProgress, type ImportSummary } from "@/lib/import/import-files";

const CHUNK_BYTES = 1024 * 1024;

/** A file on this process's disk, under the name it was uploaded as. */
export type UploadedFile = { name: string; path: string; size: number };

/**
 * Copies uploaded files into the database (upload_file, upload_chunk) under a new upload id. The database, not
 * the web pod's disk, carries them to the worker, which may run in another pod; each file moves in 1 MB pieces
 * so no process holds a whole upload.
 */
export async function storeUpload(db: Db, files: readonly UploadedFile[]): Promise<string> {
  const uploadId = randomUUID();
  try {
    for (const [position, file] of files.entries()) {
      const rows = await db.$queryRaw<{ id: number }[]>`
        INSERT INTO upload_file (upload_id, position, name, size) VALUES (${uploadId}, ${position}, ${file.name}, ${file.size}) RETURNING id`;
      let seq = 0;
      for await (const chunk of fs.createReadStream(file.path, { highWaterMark: CHUNK_BYTES })) {
        await db.$executeRaw`INSERT INTO upload_chunk (file_id, seq, data) VALUES (${rows[0]!.id}, ${seq++}, ${chunk as Buffer})`;
      }
    }
    return uploadId;
  } catch (error) {
    await deleteUpload(db, uploadId).catch(() => {});
    throw error;
  }
}

export async function deleteUpload(db: Db, uploadId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM upload_file WHERE upload_id = ${uploadId}`;
}

/** Uploads nobody will read any more: their job has ended (or was cancelled before it ran), or they are a day old. */
export async function deleteStaleUploads(db: Db): Promise<void> {
  await db.$executeRaw`
    DELETE FROM upload_file u
    WHERE u.created_at < now() - interval '1 day'
       OR EXISTS (SELECT 1 FROM job j WHERE j.kind = 'import' AND j.params->>'uploadId' = u.upload_id
                  AND j.state IN ('completed', 'failed', 'cancelled'))`;
}

type ImportCallbacks = {
  dateFormat?: DateFormat;
  gzipLimits?: GzipLimits;
  onProgress?: (progress: ImportProgress) => void;
  onReport?: (report: FileImportResult) => void;
};

/**
 * Writes files into a private temp folder (each under its own name in a folder of its own, since the importer
 * reads paths and takes the symbol from the file name), imports them with the CLI's importer, then removes the folder.
 */
async function importInTempFolder(
  db: Db,
  options: ImportCallbacks & { files: readonly { name: string; write: (target: string) => Promise<void> }[] },
): Promise<ImportSummary> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "ps-import-"));
  try {
    const paths: string[] = [];
    for (const [i, file] of options.files.entries()) {
      const sub = path.join(dir, String(i));
      await fsp.mkdir(sub);
      const target = path.join(sub, path.basename(file.name));
      await file.write(target);
      paths.push(target);
    }
    const summary = await importFiles(db, {
      paths,
      source: "upload",
      concurrency: 1,
      dateFormat: options.dateFormat,
      gzipLimits: options.gzipLimits,
      onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, file: path.basename(p.file) })),
      onReport: options.onReport && ((r) => options.onReport!({ ...r, file: path.basename(r.file) })),
    });
    for (const f of summary.files) f.file = path.basename(f.file);
    return summary;
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** Imports files held in memory (a provider's answer) through the same importer as uploads and the CLI. */
export async function importContents(db: Db, options: ImportCallbacks & { files: readonly { name: string; bytes: Uint8Array }[] }): Promise<ImportSummary> {
  return importInTempFolder(db, { ...options, files: options.files.map((f) => ({ name: f.name, write: (target) => fsp.writeFile(target, f.bytes, { mode: 0o600 }) })) });
}

/** The worker's side of an upload: imports the stored files, then removes the stored copy. */
export async function importStoredUpload(db: Db, options: ImportCallbacks & { uploadId: string }): Promise<ImportSummary> {
  const files = await db.$queryRaw<{ id: number; name: string }[]>`
    SELECT id, name FROM upload_file WHERE upload_id = ${options.uploadId} ORDER BY position`;
  if (files.length === 0) throw new Error("The uploaded files are no longer stored (already imported, or removed after a day): upload them again");
  try {
    return await importInTempFolder(db, {
      ...options,
      files: files.map((file) => ({
        name: file.name,
        write: async (target) => {
          const out = await fsp.open(target, "w", 0o600);
          try {
            for (let seq = 0; ; seq++) {
              const chunk = await db.$queryRaw<{ data: Uint8Array }[]>`SELECT data FROM upload_chunk WHERE file_id = ${file.id} AND seq = ${seq}`;
              if (chunk.length === 0) break;
              await out.write(chunk[0]!.data);
            }
          } finally {
            await out.close();
          }
        },
      })),
    });
  } finally {
    await deleteUpload(db, options.uploadId);
  }
}
