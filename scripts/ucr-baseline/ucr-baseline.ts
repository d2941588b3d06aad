import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export type BaselineAnswer = { distance: number; ticker: number; start: number; ms: number; cpuMs: number };
export type UcrBaseline = { search: (mode: "dtw" | "ed", q: ArrayLike<number>, r: number) => Promise<BaselineAnswer>; close: () => void };

const SOURCE = path.join(import.meta.dirname, "ucr-dtw.c");

/** The compiled baseline (scripts/ucr-baseline/ucr-dtw.c) in a temporary folder, or the reason it could not be built. */
export function compileBaseline(): { binary: string; remove: () => void } | { skipped: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucr-baseline-"));
  const binary = path.join(dir, "ucr-dtw");
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync("gcc", ["-O3", "-march=native", "-o", binary, SOURCE, "-lm"], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    remove();
    return { skipped: err.code === "ENOENT" ? "gcc not found" : `gcc failed: ${String(err.stderr ?? err.message).slice(0, 300)}` };
  }
  return { binary, remove };
}

/**
 * Starts the baseline over a prepared series (the engine's own values and offsets, written to a temporary file and
 * read into memory once), answering one query at a time: each answer carries the baseline's own search time.
 */
export function startBaseline({ binary, values, offsets }: { binary: string; values: Float64Array; offsets: Int32Array }): UcrBaseline {
  const dir = path.dirname(binary);
  const valuesFile = path.join(dir, `values-${process.pid}-${Math.random().toString(36).slice(2)}.f64`);
  const offsetsFile = `${valuesFile}.offsets`;
  fs.writeFileSync(valuesFile, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  fs.writeFileSync(offsetsFile, new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength));
  const child = spawn(binary, [valuesFile, offsetsFile], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async search(mode, q, r) {
      child.stdin.write(`${mode} ${q.length} ${r} ${Array.from(q, (v) => v.toPrecision(17)).join(" ")}\n`);
      const next = await lines.next();
      if (next.done) throw new Error("the baseline exited");
      const [distance, ticker, start, ms, cpuMs] = next.value.split(" ").map(Number);
      return { distance, ticker, start, ms, cpuMs };
    },
    close() {
      child.stdin.end();
      fs.rmSync(valuesFile, { force: true });
      fs.rmSync(offsetsFile, { force: true });
    },
  };
}
