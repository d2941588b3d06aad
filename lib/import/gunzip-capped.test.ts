import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipCapped, GzipLimitError, readImportFile } from "@/lib/import/gunzip-capped";

const MB = 1024 * 1024;
const text = "Date,Close\n" + "2024-01-02,1\n".repeat(200_000); // 2.4 MB
const gz = gzipSync(text);

describe("capped gunzip", () => {
  it("unpacks a gzip within the limits, in memory and from disk", async () => {
    expect(gunzipCapped(gz, { maxOutputBytes: 4 * MB, maxRatio: 50 }).toString()).toBe(text);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ps-gz-")), "x.csv.gz");
    fs.writeFileSync(file, gz);
    expect((await readImportFile(file, { maxOutputBytes: 4 * MB, maxRatio: 50 })).toString()).toBe(text);
    fs.writeFileSync(file, text);
    expect((await readImportFile(file)).toString()).toBe(text);
  });

  it("stops at the output cap with a message naming the limit", async () => {
    const limits = { maxOutputBytes: 1 * MB, maxRatio: 50 };
    expect(() => gunzipCapped(gz, limits)).toThrow(GzipLimitError);
    expect(() => gunzipCapped(gz, limits)).toThrow(/gzip expands past 1 MB \(the 1 MB limit\): refused as a possible gzip bomb/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ps-gz-")), "x.csv.gz");
    fs.writeFileSync(file, gz);
    await expect(readImportFile(file, limits)).rejects.toThrow(/IMPORT_GZIP_MAX_MB/);
  });
});
