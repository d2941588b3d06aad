import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { importFiles, type FileImportResult, type ImportProgress, type ImportSummary } from "@/lib/import/import-files";

export type Upload = { name: string; bytes: Uint8Array };

/**
 * Imports uploaded files through the CLI's importer: each upload is written under its own (sanitised) name in a
 * private temp folder, since the importer reads paths and takes the symbol from the file name, then removed.
 */
export async function importUploads(options: {
  db: Db;
  files: readonly Upload[];
  concurrency?: number;
  onProgress?: (progress: ImportProgress) => void;
  onReport?: (report: FileImportResult) => void;
}): Promise<ImportSummary> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ps-upload-"));
  try {
    const paths: string[] = [];
    const used = new Set<string>();
    for (const [i, file] of options.files.entries()) {
      let name = path.basename(file.name).replace(/[^A-Za-z0-9._^=-]/g, "_").slice(0, 120) || `upload-${i}`;
      if (used.has(name)) name = `${i}-${name}`;
      used.add(name);
      const sub = path.join(dir, String(i));
      await fs.mkdir(sub);
      const target = path.join(sub, name);
      await fs.writeFile(target, file.bytes);
      paths.push(target);
    }
    const summary = await importFiles({
      db: options.db,
      paths,
      source: "upload",
      concurrency: options.concurrency ?? 1,
      onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, file: path.basename(p.file) })),
      onReport: options.onReport && ((r) => options.onReport!({ ...r, file: path.basename(r.file) })),
    });
    for (const f of summary.files) f.file = path.basename(f.file);
    return summary;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
