import fs from "node:fs/promises";
import path from "node:path";

const DATA_FILE = /\.(csv|txt|json|tsv)(\.gz)?$|\.gz$|\.xlsx$/i;

/**
 * Expands the given paths into files: a file is taken as named, a directory is walked recursively for data files
 * (.csv, .txt, .json, .tsv, optionally .gz, and .xlsx), sorted by path so imports run in a stable order.
 */
export async function listImportFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) throw new Error(`no such file or directory: ${p}`);
    if (stat.isFile()) {
      out.push(p);
      continue;
    }
    const entries = await fs.readdir(p, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && DATA_FILE.test(e.name) && !e.name.startsWith("."))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    out.push(...files);
  }
  return out;
}
