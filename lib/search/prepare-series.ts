import type { PreparedSeries, SearchIndex } from "@/lib/search/types";

export type SeriesName = "open" | "high" | "low" | "close" | "volume" | (string & {});

/**
 * Shapes are compared in log space for prices (a pattern is about percentage moves, and z-normalisation then
 * treats a $10 and a $500 stock alike). Each ticker is shifted by its own first value: z-normalisation ignores
 * the shift and it keeps the global prefix sums small, so window variances stay exact.
 */
export function prepareSeries({ index, series, smooth = 1 }: { index: SearchIndex; series: SeriesName; smooth?: number }): PreparedSeries {
  const key = `${series}|${smooth}`;
  const cached = index.cache.get(key);
  if (cached) return cached;
  let offsets: Int32Array, days: Int32Array, raw: Float64Array, useLog: boolean;
  if (series in index.fields) {
    offsets = index.offsets;
    days = index.days;
    raw = index.fields[series as keyof typeof index.fields];
    useLog = series !== "volume";
  } else {
    const s = index.scalars.get(series);
    if (!s) throw new Error(`unknown series ${series}`);
    ({ offsets, days, values: raw } = s);
    useLog = false;
  }
  const n = raw.length;
  const values = new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
  const sum = new Float64Array(new SharedArrayBuffer((n + 1) * 8));
  const sumSq = new Float64Array(new SharedArrayBuffer((n + 1) * 8));
  const nanCount = new Int32Array(new SharedArrayBuffer((n + 1) * 4));
  for (let t = 0; t + 1 < offsets.length; t++) {
    const a = offsets[t], b = offsets[t + 1];
    let ref = NaN;
    for (let i = a; i < b; i++) {
      const v = raw[i];
      const ok = useLog ? v > 0 : Number.isFinite(v);
      const y = ok ? (useLog ? Math.log(v) : v) : NaN;
      if (Number.isNaN(ref) && ok) ref = y;
      values[i] = y;
    }
    for (let i = a; i < b; i++) values[i] -= ref;
    if (smooth > 1) {
      // centred moving average inside the ticker; a missing value stays missing
      const h = Math.floor(smooth / 2);
      const copy = values.slice(a, b);
      for (let i = a; i < b; i++) {
        if (Number.isNaN(copy[i - a])) continue;
        let s = 0, c = 0;
        for (let j = Math.max(a, i - h); j <= Math.min(b - 1, i + h); j++) {
          const v = copy[j - a];
          if (!Number.isNaN(v)) {
            s += v;
            c++;
          }
        }
        values[i] = s / c;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const bad = Number.isNaN(v);
    sum[i + 1] = sum[i] + (bad ? 0 : v);
    sumSq[i + 1] = sumSq[i] + (bad ? 0 : v * v);
    nanCount[i + 1] = nanCount[i] + (bad ? 1 : 0);
  }
  const prepared: PreparedSeries = { offsets, days, values, sum, sumSq, nanCount };
  index.cache.set(key, prepared);
  return prepared;
}
