import { describe, expect, it } from "vitest";
import { extraLengths, extraScanPlan, newCandidates } from "@/lib/search/candidate-pool";
import type { KernelResult } from "@/lib/search/scan-kernel";

const result = (rows: [ticker: number, start: number, len: number][]): KernelResult => ({
  count: rows.length,
  dist: Float64Array.from(rows, (_, i) => i),
  ticker: Int32Array.from(rows, (r) => r[0]),
  start: Int32Array.from(rows, (r) => r[1]),
  len: Int32Array.from(rows, (r) => r[2]),
  stats: new Float64Array(7),
});

describe("newCandidates", () => {
  it("drops an extra window that is the same place as a pool window (IoU >= 0.5) and keeps the others", () => {
    const base = result([[0, 100, 40], [1, 0, 40]]);
    // same ticker, IoU 30/50 = 0.6: dropped; same ticker, IoU 10/70 < 0.5: kept; another ticker at the same start: kept
    const extra = result([[0, 110, 40], [0, 130, 40], [2, 100, 40], [1, 200, 40]]);
    const fresh = newCandidates(base, extra);
    expect(Array.from(fresh.ticker)).toEqual([0, 2, 1]);
    expect(Array.from(fresh.start)).toEqual([130, 100, 200]);
    expect(Array.from(fresh.dist)).toEqual([1, 2, 3]);
    expect(fresh.count).toBe(3);
  });

  it("keeps everything against an empty pool and nothing of a copy of it", () => {
    const rows: [number, number, number][] = [[3, 5, 30], [4, 50, 60]];
    expect(newCandidates(result([]), result(rows)).count).toBe(2);
    expect(newCandidates(result(rows), result(rows)).count).toBe(0);
  });
});

describe("extraLengths", () => {
  const lengths = [30, 36, 43, 51, 61, 73, 80];
  it("keeps a picked range's lengths within 0.8-1.25x of it when centred", () => {
    expect(extraLengths(lengths, 50, true)).toEqual([43, 51, 61]);
    expect(extraLengths(lengths, 50, false)).toEqual(lengths);
    expect(extraLengths(lengths, undefined, true)).toEqual(lengths);
  });
  it("falls back to every length when none is that close", () => {
    expect(extraLengths([30, 80], 50, true)).toEqual([30, 80]);
  });
});

describe("extraScanPlan", () => {
  it("names a scan per source and none for 'none'", () => {
    expect(extraScanPlan("none", { coarsen: 2, band: 0.2 })).toBeNull();
    expect(extraScanPlan("zned", { coarsen: 2, band: 0.2 })).toEqual({ method: 0, coarsen: 1, startStep: 2, band: 0 });
    expect(extraScanPlan("zcoarse", { coarsen: 3, band: 0.2 })).toMatchObject({ method: 0, coarsen: 3 });
    expect(extraScanPlan("dcoarse", { coarsen: 1, band: 0.3 })).toMatchObject({ method: 1, coarsen: 2, band: 0.3 });
  });
});
