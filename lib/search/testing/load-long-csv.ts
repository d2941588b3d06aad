import fs from "node:fs";
import zlib from "node:zlib";
import { toDayNumber } from "@/lib/search/dates";
import type { TickerColumns } from "@/lib/search/types";

/**
 * Reads a long CSV (date,open,high,low,close,volume,Name; .csv or .csv.gz) into per-ticker columns, for
 * benchmarks, the recall script and tests. `copies` repeats the data with shifted dates and renamed
 * symbols to make a larger index.
 */
export function loadLongCsv({ file, copies = 1 }: { file: string; copies?: number }): TickerColumns[] {
  const buf = fs.readFileSync(file);
  const text = (file.endsWith(".gz") ? zlib.gunzipSync(buf) : buf).toString("utf8");
  const lines = text.split(/\r?\n/);
  const head = lines[0].toLowerCase().split(",").map((h) => h.trim());
  const col = (n: string) => head.indexOf(n);
  const iD = col("date"), iO = col("open"), iH = col("high"), iL = col("low"), iC = col("close"), iV = col("volume");
  const iN = head.findIndex((h) => h === "name" || h === "symbol" || h === "ticker");
  const rows = new Map<string, { d: number; o: number; h: number; l: number; c: number; v: number }[]>();
  const num = (s: string | undefined) => (s === undefined || s === "" ? NaN : Number(s));
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    if (!line) continue;
    const f = line.split(",");
    const name = f[iN];
    let list = rows.get(name);
    if (!list) rows.set(name, (list = []));
    list.push({ d: toDayNumber(f[iD]), o: num(f[iO]), h: num(f[iH]), l: num(f[iL]), c: num(f[iC]), v: num(f[iV]) });
  }
  const out: TickerColumns[] = [];
  for (let copy = 0; copy < copies; copy++) {
    // each copy moves 6 years later so the dates stay distinct and plausible
    const shift = copy * 2192;
    for (const [name, list] of rows) {
      list.sort((a, b) => a.d - b.d);
      out.push({
        symbol: copy ? `${name}.${copy}` : name,
        days: Int32Array.from(list, (x) => x.d + shift),
        open: Float64Array.from(list, (x) => x.o),
        high: Float64Array.from(list, (x) => x.h),
        low: Float64Array.from(list, (x) => x.l),
        close: Float64Array.from(list, (x) => x.c),
        volume: Float64Array.from(list, (x) => x.v),
      });
    }
  }
  return out;
}
