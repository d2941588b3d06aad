import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createGzip } from "node:zlib";

/**
 * Writes a gzip file of `expandedBytes` of valid-looking CSV lines (about 3 MB for 1 GB at level 6), streamed so
 * making it never holds the expansion in memory. Cached per size in the temp folder.
 */
export async function writeGzipBomb(expandedBytes = 1024 ** 3): Promise<string> {
  const file = path.join(os.tmpdir(), `ps-gzip-bomb-${expandedBytes}.csv.gz`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.part`;
  const block = Buffer.from("2024-01-02,100.5,101.25,99.75,100.125,1234567\n".repeat(20_000));
  const gzip = createGzip({ level: 6 });
  const done = new Promise<void>((resolve, reject) => gzip.pipe(fs.createWriteStream(partial)).on("finish", resolve).on("error", reject));
  gzip.write("Date,Open,High,Low,Close,Volume\n");
  for (let written = 0; written < expandedBytes; written += block.length) {
    if (!gzip.write(block)) await new Promise((r) => gzip.once("drain", r));
  }
  gzip.end();
  await done;
  fs.renameSync(partial, file);
  return file;
}
