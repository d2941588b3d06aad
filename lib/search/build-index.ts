import type { OhlcvField, ScalarColumns, SearchIndex, TickerColumns } from "@/lib/search/types";

const FIELDS: OhlcvField[] = ["open", "high", "low", "close", "volume"];
/**
 * Index versions count per process, not per module: a production build bundles this module into several chunks,
 * and the model service tells a stale embedding index by the search index's version.
 */
const versions = globalThis as unknown as { patternscopeIndexVersion?: number };
const nextVersion = () => (versions.patternscopeIndexVersion = (versions.patternscopeIndexVersion ?? 0) + 1);

function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
}
function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
}

/**
 * Fills the shared columnar index ticker by ticker, straight into arrays of `capacity` candles, so a loader never
 * holds a second copy of every column (per-ticker arrays, then the concatenation). Tickers must be added in
 * symbol order; more candles than `capacity` still fit (the columns grow, at the cost of one copy).
 */
export function createIndexBuilder({ capacity }: { capacity: number }) {
  let cap = Math.max(1, capacity);
  let days = sharedInt32(cap);
  let fields = Object.fromEntries(FIELDS.map((f) => [f, sharedFloat64(cap)])) as Record<OhlcvField, Float64Array>;
  const starts: number[] = [];
  const symbols: string[] = [];
  const scalarParts = new Map<string, { ticker: number; days: Int32Array; values: Float64Array }[]>();
  let pos = 0;

  function grow(need: number) {
    cap = Math.max(need, Math.ceil(cap * 1.5));
    const d = sharedInt32(cap);
    d.set(days.subarray(0, pos));
    days = d;
    fields = Object.fromEntries(FIELDS.map((f) => {
      const a = sharedFloat64(cap);
      a.set(fields[f].subarray(0, pos));
      return [f, a];
    })) as Record<OhlcvField, Float64Array>;
  }

  return {
    add(t: TickerColumns): void {
      const last = symbols.at(-1);
      if (last !== undefined && last > t.symbol) throw new Error(`tickers must come in symbol order: ${t.symbol} after ${last}`);
      const n = t.days.length;
      if (pos + n > cap) grow(pos + n);
      starts.push(pos);
      symbols.push(t.symbol);
      days.set(t.days, pos);
      for (const f of FIELDS) fields[f].set(t[f], pos);
      pos += n;
      for (const [name, s] of Object.entries(t.scalars ?? {})) {
        if (!scalarParts.has(name)) scalarParts.set(name, []);
        scalarParts.get(name)!.push({ ticker: symbols.length - 1, days: s.days, values: s.values });
      }
    },
    finish(): SearchIndex {
      const count = symbols.length;
      const offsets = sharedInt32(count + 1);
      starts.forEach((s, i) => (offsets[i] = s));
      offsets[count] = pos;
      const scalars = new Map<string, ScalarColumns>();
      for (const [name, parts] of scalarParts) {
        const n = parts.reduce((s, p) => s + p.days.length, 0);
        const col: ScalarColumns = { offsets: sharedInt32(count + 1), days: sharedInt32(n), values: sharedFloat64(n) };
        let p = 0, k = 0;
        for (let i = 0; i < count; i++) {
          col.offsets[i] = p;
          const part = parts[k];
          if (part?.ticker === i) {
            col.days.set(part.days, p);
            col.values.set(part.values, p);
            p += part.days.length;
            k++;
          }
        }
        col.offsets[count] = p;
        scalars.set(name, col);
      }
      const trim = <T extends Int32Array | Float64Array>(a: T) => (pos === cap ? a : (a.subarray(0, pos) as T));
      return indexFromColumns({ symbols, offsets, days: trim(days), fields: Object.fromEntries(FIELDS.map((f) => [f, trim(fields[f])])) as Record<OhlcvField, Float64Array>, scalars });
    },
  };
}

/** An index over columns already laid out (a loader's or a snapshot's), with a version of its own and no derived arrays yet. */
export function indexFromColumns(c: Pick<SearchIndex, "symbols" | "offsets" | "days" | "fields" | "scalars">): SearchIndex {
  return { version: nextVersion(), ...c, bySymbol: new Map(c.symbols.map((s, i) => [s, i])), candles: c.days.length, cache: new Map() };
}

/** Concatenates per-ticker columns into the shared columnar index (tickers sorted by symbol). */
export function buildIndex({ tickers }: { tickers: TickerColumns[] }): SearchIndex {
  const sorted = [...tickers].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const builder = createIndexBuilder({ capacity: sorted.reduce((n, t) => n + t.days.length, 0) });
  for (const t of sorted) builder.add(t);
  return builder.finish();
}
