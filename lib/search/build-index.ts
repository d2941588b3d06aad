import type { OhlcvField, ScalarColumns, SearchIndex, TickerColumns } from "@/lib/search/types";

const FIELDS: OhlcvField[] = ["open", "high", "low", "close", "volume"];
let nextVersion = 1;

function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
}
function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
}

/** Concatenates per-ticker columns into the shared columnar index (tickers sorted by symbol). */
export function buildIndex({ tickers }: { tickers: TickerColumns[] }): SearchIndex {
  const sorted = [...tickers].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const total = sorted.reduce((n, t) => n + t.days.length, 0);
  const offsets = sharedInt32(sorted.length + 1);
  const days = sharedInt32(total);
  const fields = Object.fromEntries(FIELDS.map((f) => [f, sharedFloat64(total)])) as Record<OhlcvField, Float64Array>;
  let pos = 0;
  sorted.forEach((t, i) => {
    offsets[i] = pos;
    days.set(t.days, pos);
    for (const f of FIELDS) fields[f].set(t[f], pos);
    pos += t.days.length;
  });
  offsets[sorted.length] = pos;

  const scalarNames = new Set(sorted.flatMap((t) => Object.keys(t.scalars ?? {})));
  const scalars = new Map<string, ScalarColumns>();
  for (const name of scalarNames) {
    const n = sorted.reduce((s, t) => s + (t.scalars?.[name]?.days.length ?? 0), 0);
    const col: ScalarColumns = { offsets: sharedInt32(sorted.length + 1), days: sharedInt32(n), values: sharedFloat64(n) };
    let p = 0;
    sorted.forEach((t, i) => {
      col.offsets[i] = p;
      const s = t.scalars?.[name];
      if (s) {
        col.days.set(s.days, p);
        col.values.set(s.values, p);
        p += s.days.length;
      }
    });
    col.offsets[sorted.length] = p;
    scalars.set(name, col);
  }

  return {
    version: nextVersion++,
    symbols: sorted.map((t) => t.symbol),
    bySymbol: new Map(sorted.map((t, i) => [t.symbol, i])),
    offsets,
    days,
    fields,
    candles: total,
    scalars,
    cache: new Map(),
  };
}
