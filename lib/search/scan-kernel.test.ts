import { describe, expect, it } from "vitest";
import { buildIndex } from "@/lib/search/build-index";
import { prepareQueries } from "@/lib/search/prepare-queries";
import { prepareSeries } from "@/lib/search/prepare-series";
import { pushCandidate, scanChain, scanKernel, selectMatches, type Candidates, type ChainScan, type KernelParams, type KernelResult } from "@/lib/search/scan-kernel";
import { fullPrefixSums } from "@/lib/search/testing/full-prefix";
import { dtwReference, squaredEuclid } from "@/lib/search/testing/reference";
import { gaussian, randomWalk, rng } from "@/lib/search/testing/random";
import type { TickerColumns } from "@/lib/search/types";
import { runChain, runScan } from "@/lib/search/worker-pool";

function tickers(seed: number, count: number, n: number, nanEvery = 0): TickerColumns[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, t) => {
    const close = randomWalk(r, n + Math.floor(r() * 50));
    if (nanEvery) for (let i = 17 + t; i < close.length; i += nanEvery) close[i] = NaN;
    const len = close.length;
    return {
      symbol: `T${t}`,
      days: Int32Array.from({ length: len }, (_, i) => 16000 + i),
      open: close.slice(),
      high: close.slice(),
      low: close.slice(),
      close,
      volume: new Float64Array(len).fill(1),
    };
  });
}

function kernelParams(index: ReturnType<typeof buildIndex>, method: "zned" | "dtw", lengths: number[], k: number, points: number[]): KernelParams {
  const p = prepareSeries({ index, series: "close" });
  const ids = Int32Array.from(index.symbols, (_, i) => i);
  return {
    ...p,
    tickers: ids,
    lo: Int32Array.from(ids, (t) => p.offsets[t]),
    hi: Int32Array.from(ids, (t) => p.offsets[t + 1]),
    queries: prepareQueries({ points, lengths, method, band: 0.1 }),
    method: method === "dtw" ? 1 : 0,
    k,
    exclude: { ticker: -1, start: 0, end: 0 },
  };
}

/** Every window's full distance (no bounds, no abandoning), then the greedy best-first non-overlapping selection. */
function bruteForce(p: KernelParams): KernelResult {
  const c: Candidates = { n: 0, dist: new Float64Array(16), ticker: new Int32Array(16), start: new Int32Array(16), len: new Int32Array(16) };
  const { sum, sumSq } = fullPrefixSums(p.values);
  for (let ti = 0; ti < p.tickers.length; ti++) {
    const t = p.tickers[ti];
    for (const Q of p.queries) {
      for (let a = p.lo[ti]; a + Q.m <= p.hi[ti]; a += p.startStep ?? 1) {
        const win = Array.from(p.values.subarray(a, a + Q.m));
        if (win.some(Number.isNaN)) continue;
        if (t === p.exclude.ticker && a < p.exclude.end && a + Q.m > p.exclude.start) continue;
        const mean = (sum[a + Q.m] - sum[a]) / Q.m;
        const variance = (sumSq[a + Q.m] - sumSq[a]) / Q.m - mean * mean;
        if (!(variance > 1e-12)) continue;
        const inv = 1 / Math.sqrt(variance);
        const z = win.map((v) => (v - mean) * inv);
        const d = p.method === 1 ? dtwReference(Q.q, z, Q.r) : squaredEuclid(z, Q.q);
        pushCandidate(c, Math.sqrt(d / Q.m) * Q.weight, t, a, Q.m);
      }
    }
  }
  return selectMatches(c, p.k);
}

function sorted(r: KernelResult) {
  return Array.from({ length: r.count }, (_, i) => ({ d: r.dist[i], t: r.ticker[i], s: r.start[i], m: r.len[i] })).sort((a, b) => a.d - b.d || a.t - b.t || a.s - b.s);
}

function expectSame(a: KernelResult, b: KernelResult) {
  const x = sorted(a), y = sorted(b);
  expect(x.map(({ t, s, m }) => [t, s, m])).toEqual(y.map(({ t, s, m }) => [t, s, m]));
  x.forEach((v, i) => expect(v.d).toBeCloseTo(y[i].d, 9));
}

const shape = Array.from({ length: 40 }, (_, i) => Math.sin(i / 5) + (i > 20 ? 1 : 0));

describe("scan kernel against brute force on seeded random walks", () => {
  for (const method of ["zned", "dtw"] as const) {
    it(`${method}: pruned top-k equals the brute-force top-k, over several lengths and seeds`, () => {
      for (const seed of [1, 2, 3]) {
        const index = buildIndex({ tickers: tickers(seed, 4, 220, seed === 3 ? 37 : 0) });
        const p = kernelParams(index, method, [24, 31, 40], 6, shape);
        const fast = scanKernel(p);
        expectSame(fast, bruteForce(p));
        expect(fast.stats[0]).toBeGreaterThan(fast.stats[4]); // bounds and abandoning did prune
      }
    });
  }

  it("dtw with startStep 2 equals the brute force over every other start of each ticker", () => {
    const index = buildIndex({ tickers: tickers(4, 4, 220) });
    const p = { ...kernelParams(index, "dtw", [24, 31], 6, shape), startStep: 2 };
    const fast = scanKernel(p);
    expectSame(fast, bruteForce(p));
    for (let i = 0; i < fast.count; i++) expect((fast.start[i] - index.offsets[fast.ticker[i]]) % 2).toBe(0);
    // fewer windows than the full scan
    expect(fast.stats[0]).toBeLessThan(scanKernel({ ...p, startStep: 1 }).stats[0] * 0.6);
  });

  it("dtw counts each window of its grid once: its first pass over every 32nd start stays out of the counts", () => {
    const index = buildIndex({ tickers: tickers(7, 4, 400) });
    const p = { ...kernelParams(index, "dtw", [24, 31], 6, shape), startStep: 2 };
    let grid = 0;
    for (const Q of p.queries) for (let t = 0; t < 4; t++) grid += Math.floor((p.hi[t] - p.lo[t] - Q.m) / 2) + 1;
    const fast = scanKernel(p);
    expect(fast.stats[0]).toBe(grid);
    // windows within the bound when scanned, the first pass's left out: fewer than the windows that reached DTW
    expect(fast.stats[6]).toBeLessThanOrEqual(fast.stats[4]);
    expectSame(fast, bruteForce(p));
  });

  it("dtw with bands from 1 point to half the length, and many windows kept, equals the brute force", () => {
    const index = buildIndex({ tickers: tickers(6, 3, 160) });
    for (const bandPoints of [1, 3, 9, 14]) {
      const p = { ...kernelParams(index, "dtw", [12, 29], 40, shape), queries: prepareQueries({ points: shape, lengths: [12, 29], method: "dtw", bandPoints }) };
      expectSame(scanKernel(p), bruteForce(p));
    }
  });

  it("zned with startStep 2 equals the brute force over every other start of each ticker", () => {
    const index = buildIndex({ tickers: tickers(5, 4, 220, 37) });
    const p = { ...kernelParams(index, "zned", [24, 31], 6, shape), startStep: 2 };
    const fast = scanKernel(p);
    expectSame(fast, bruteForce(p));
    for (let i = 0; i < fast.count; i++) expect((fast.start[i] - index.offsets[fast.ticker[i]]) % 2).toBe(0);
    expect(fast.stats[0]).toBeLessThan(scanKernel({ ...p, startStep: 1 }).stats[0] * 0.6);
  });

  it("dtw with k = 1 returns the global minimum over all windows", () => {
    const index = buildIndex({ tickers: tickers(9, 3, 200) });
    const p = kernelParams(index, "dtw", [30], 1, shape);
    const all = bruteForce({ ...p, k: 10_000 });
    expect(scanKernel(p).dist[0]).toBeCloseTo(Math.min(...all.dist), 12);
  });

  it("matches of one ticker never overlap and a range's own window is excluded", () => {
    const index = buildIndex({ tickers: tickers(4, 2, 400) });
    const p = { ...kernelParams(index, "zned", [30, 35], 40, shape), exclude: { ticker: 0, start: 100, end: 140 } };
    const res = sorted(scanKernel(p));
    expect(res.length).toBeGreaterThanOrEqual(20);
    for (const a of res) {
      if (a.t === 0) expect(a.s + a.m <= 100 || a.s >= 140).toBe(true);
      for (const b of res) if (a !== b && a.t === b.t) expect(a.s + a.m <= b.s || b.s + b.m <= a.s).toBe(true);
    }
    expectSame(scanKernel(p), bruteForce(p));
  });

  it("skips windows with a missing value and never yields NaN", () => {
    const index = buildIndex({ tickers: tickers(5, 3, 300, 23) });
    for (const method of ["zned", "dtw"] as const) {
      const res = scanKernel(kernelParams(index, method, [20], 30, shape));
      expect(res.count).toBeGreaterThan(0);
      for (let i = 0; i < res.count; i++) {
        expect(Number.isFinite(res.dist[i])).toBe(true);
        const win = index.fields.close.subarray(res.start[i], res.start[i] + res.len[i]);
        expect(win.some(Number.isNaN)).toBe(false);
      }
    }
  });

  it("is invariant to price scale and to powers of the price (z-normalised log prices)", () => {
    const base = tickers(6, 3, 250);
    const scaled = base.map((t) => ({ ...t, close: t.close.map((v) => 7.5 * v) }));
    const powered = base.map((t) => ({ ...t, close: t.close.map((v) => v ** 2) }));
    const run = (tk: TickerColumns[]) => sorted(scanKernel(kernelParams(buildIndex({ tickers: tk }), "dtw", [32], 5, shape)));
    const a = run(base), b = run(scaled), c = run(powered);
    expect(b.map(({ t, s }) => [t, s])).toEqual(a.map(({ t, s }) => [t, s]));
    expect(c.map(({ t, s }) => [t, s])).toEqual(a.map(({ t, s }) => [t, s]));
    b.forEach((v, i) => expect(v.d).toBeCloseTo(a[i].d, 6));
  });

  it("worker threads give the same answer as one thread", async () => {
    const r = rng(8);
    const index = buildIndex({ tickers: tickers(8, 12, 300) });
    const points = Array.from({ length: 30 }, () => gaussian(r));
    for (const method of ["zned", "dtw"] as const) {
      // three envelope groups (bands of 2, 3 and 4 points): the threads take each group's tickers from a shared
      // cursor, so one ticker's windows come from both threads
      const p = kernelParams(index, method, [25, 30, 45], 7, points);
      const parallel = await runScan({ params: p, threads: 2 });
      expectSame(parallel, scanKernel(p));
      expect(parallel.stats[0]).toBe(scanKernel(p).stats[0]); // every window considered once
    }
  });

  it("a thread with a claim cursor returns only candidates within its final threshold, and the rest of the tickers is left to the others", () => {
    const r = rng(13);
    const index = buildIndex({ tickers: tickers(13, 8, 300) });
    const p = kernelParams(index, "dtw", [25, 30], 5, Array.from({ length: 30 }, () => gaussian(r)));
    const alone = scanKernel(p);
    const claim = new Int32Array(new SharedArrayBuffer(8 * p.queries.length));
    const first = scanKernel({ ...p, claim });
    expect(first.count).toBeGreaterThanOrEqual(alone.count);
    expect(first.count).toBeLessThan(first.stats[6]); // candidates beyond the threshold left out
    const picked: Candidates = { n: 0, dist: first.dist.slice(), ticker: first.ticker.slice(), start: first.start.slice(), len: first.len.slice() };
    picked.n = first.count;
    expectSame(selectMatches(picked, p.k), alone);
    // a second thread on the same cursor finds every ticker taken
    expect(scanKernel({ ...p, claim }).stats[0]).toBe(0);
  });

  it("stops at the next ticker once the shared cancel flag is set, on the calling thread and on workers", async () => {
    const index = buildIndex({ tickers: tickers(9, 6, 300) });
    const points = Array.from({ length: 30 }, (_, i) => Math.sin(i / 4));
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const p = { ...kernelParams(index, "dtw", [25, 30], 5, points), cancel };
    expect(scanKernel(p).stats[0]).toBeGreaterThan(0);
    Atomics.store(cancel, 0, 1);
    expect(scanKernel(p).stats[0]).toBe(0);
    const parallel = await runScan({ params: p, threads: 2 });
    expect(parallel.stats[0]).toBe(0);
    expect(parallel.count).toBe(0);
  });

  it("searchPatterns rejects with SearchCancelledError when its signal aborts, before or during the scan", async () => {
    const { searchPatterns } = await import("@/lib/search/search-patterns");
    const { searchRequestSchema } = await import("@/lib/search/request-schema");
    const { SearchCancelledError } = await import("@/lib/search/search-input-error");
    const index = buildIndex({ tickers: tickers(10, 8, 2000) });
    const request = searchRequestSchema.parse({ query: { type: "preset", name: "cup-and-handle" }, method: "dtw", topK: 5 });
    await expect(searchPatterns({ index, request, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(SearchCancelledError);
    const controller = new AbortController();
    const running = searchPatterns({ index, request, signal: controller.signal, tuning: { threads: 2 } });
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(SearchCancelledError);
    // without a signal the same search answers
    expect((await searchPatterns({ index, request, tuning: { threads: 2 } })).matches).toHaveLength(5);
  });

  it("an initial bound at or above the k-th best distance leaves the answer unchanged and prunes earlier", () => {
    const r = rng(12);
    const index = buildIndex({ tickers: tickers(12, 6, 400) });
    const points = Array.from({ length: 30 }, () => gaussian(r));
    for (const method of ["zned", "dtw"] as const) {
      const p = kernelParams(index, method, [24, 30, 36], 5, points);
      const plain = scanKernel(p);
      const seeded = scanKernel({ ...p, initialWorst: plain.dist[plain.count - 1] * 1.0001 });
      expectSame(seeded, plain);
      expect(seeded.stats[4]).toBeLessThanOrEqual(plain.stats[4]);
    }
  });
});


describe("scanChain", () => {
  // Regions of three tickers as the model search's re-rank builds them: each scan its own lengths and regions (virtual
  // tickers, one per region), regions of different scans overlapping on one ticker.
  const index = buildIndex({ tickers: tickers(41, 3, 700) });
  const points = Array.from(randomWalk(rng(5), 48));
  const regionScan = (method: "zned" | "dtw", lengths: number[], regions: [number, number, number][], k: number): ChainScan => {
    const base = kernelParams(index, method, lengths, k, points);
    const sab = (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
    const offsets = sab(2 * regions.length), ids = sab(regions.length), lo = sab(regions.length), hi = sab(regions.length);
    regions.forEach(([t, a, b], i) => {
      offsets.set([index.offsets[t] + a, index.offsets[t] + b], 2 * i);
      ids[i] = 2 * i;
      lo[i] = index.offsets[t] + a;
      hi[i] = index.offsets[t] + b;
    });
    return { params: { ...base, offsets, tickers: ids, lo, hi, initialWorst: Infinity }, ticker: Int32Array.from(regions, ([t]) => t), rescale: 1 };
  };
  const layout: [number[], [number, number, number][]][] = [
    [[30, 36], [[0, 0, 200], [1, 100, 400], [2, 300, 520]]],
    [[44, 52], [[0, 150, 420], [2, 0, 260]]],
    [[60, 70], [[1, 0, 300], [0, 380, 650], [2, 200, 600]]],
  ];
  const scansOf = (method: "zned" | "dtw", k: number) => layout.map(([lengths, regions]) => regionScan(method, lengths, regions, k));

  /** Each scan unseeded, its matches mapped to their real tickers, then the greedy selection over all of them. */
  function reference(scans: ChainScan[], k: number): KernelResult {
    const all: Candidates = { n: 0, dist: new Float64Array(16), ticker: new Int32Array(16), start: new Int32Array(16), len: new Int32Array(16) };
    for (const scan of scans) {
      const r = scanKernel({ ...scan.params, initialWorst: Infinity });
      for (let i = 0; i < r.count; i++) pushCandidate(all, r.dist[i], scan.ticker[r.ticker[i] >> 1], r.start[i], r.len[i]);
    }
    return selectMatches(all, k);
  }
  const rows = (r: KernelResult) => Array.from({ length: r.count }, (_, i) => [r.ticker[i], r.start[i], r.len[i], r.dist[i]]);

  it("answers as every scan by itself and one selection over all, seeded or not, here and on a search thread", async () => {
    for (const k of [1, 4, 9]) {
      const expected = rows(reference(scansOf("dtw", k), k));
      expect(expected.length).toBe(k);
      expect(rows(scanChain({ scans: scansOf("dtw", k), k }))).toEqual(expected);
      // seeded by the Euclidean scans of the same windows, as the model search's re-rank runs it
      expect(rows(scanChain({ scans: scansOf("dtw", k), seedScans: scansOf("zned", k), k }))).toEqual(expected);
      expect(rows(await runChain({ scans: scansOf("dtw", k), seedScans: scansOf("zned", k), k }))).toEqual(expected);
    }
    // the matches carry real tickers, and no two overlap on one
    const top = rows(scanChain({ scans: scansOf("zned", 9), k: 9 }));
    expect(new Set(top.map(([t]) => t))).toEqual(new Set([0, 1, 2]));
    for (const [t, a, m] of top) expect(top.filter(([u, b, n]) => u === t && b < a + m && a < b + n)).toHaveLength(1);
  });
});
