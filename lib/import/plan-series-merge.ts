import { mergeSeriesRows, splitByYear, summarizeSeries, type SeriesRow } from "@/lib/import/merge-series-rows";
import type { ParsedTicker } from "@/lib/import/types";

/** One series of a parsed ticker, split into the yearly chunks it is stored in. */
export type SeriesInput = { name: string; kind: "ohlcv" | "scalar"; frequency: string; years: Map<number, SeriesRow[]> };

/** A series as stored: its id, frequency and yearly chunks. */
export type StoredSeries = { id: number; frequency: string; chunks: Map<number, readonly SeriesRow[]> };

/** A yearly chunk to write (insert or replace). */
export type ChunkOut = { series: string; kind: SeriesInput["kind"]; year: number; first: string; last: string; count: number; rows: readonly SeriesRow[] };

/** The stats row of a whole series (stored chunks merged with the new data). */
export type SeriesStats = { name: string; kind: string; frequency: string; first: string; last: string; count: number; summary: unknown };

/** What a ticker's import changes: series to create, series to update (by id), and the chunks to write. */
export type SeriesPlan = { created: SeriesStats[]; updated: (SeriesStats & { id: number })[]; chunks: ChunkOut[] };

/** The daily series and each non-empty scalar series of a parsed ticker, split by year. */
export function seriesInputs(ticker: ParsedTicker): SeriesInput[] {
  const out: SeriesInput[] = [];
  if (ticker.daily.length) {
    out.push({ name: "daily", kind: "ohlcv", frequency: ticker.frequency ?? "daily", years: splitByYear(ticker.daily) });
  }
  for (const s of ticker.scalars) {
    if (s.rows.length) out.push({ name: s.name, kind: "scalar", frequency: s.frequency, years: splitByYear(s.rows) });
  }
  return out;
}

/** Value equality of two row lists (stored rows come back from jsonb, so compare values, not identity). */
function sameRows(a: readonly SeriesRow[], b: readonly SeriesRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  }
  return true;
}

function chunkOf(input: SeriesInput, year: number, rows: readonly SeriesRow[]): ChunkOut {
  return { series: input.name, kind: input.kind, year, first: rows[0][0], last: rows[rows.length - 1][0], count: rows.length, rows };
}

/** Stats of a whole series from its chunks by year. */
function statsOf(input: SeriesInput, chunks: ReadonlyMap<number, readonly SeriesRow[]>): SeriesStats {
  const years = [...chunks.keys()].sort((a, b) => a - b);
  let count = 0;
  for (const y of years) count += chunks.get(y)!.length;
  const tail: SeriesRow[] = [];
  for (let k = years.length - 1; k >= 0 && tail.length < 91; k--) tail.unshift(...chunks.get(years[k])!.slice(-(91 - tail.length)));
  const firstChunk = chunks.get(years[0])!;
  const lastChunk = chunks.get(years[years.length - 1])!;
  return {
    name: input.name,
    kind: input.kind,
    frequency: input.frequency,
    first: firstChunk[0][0],
    last: lastChunk[lastChunk.length - 1][0],
    count,
    summary: summarizeSeries(input.kind, tail),
  };
}

/**
 * Plans a ticker's series writes: a series not stored yet is created with all its chunks; a stored one is merged
 * with the new rows by date (new values win) year by year, and only the years whose content changed are written.
 * A stored series moves (stats, updated_at) only when a chunk or its frequency changed, so the same data again
 * plans nothing.
 */
export function planSeriesMerge(inputs: readonly SeriesInput[], stored: ReadonlyMap<string, StoredSeries>): SeriesPlan {
  const plan: SeriesPlan = { created: [], updated: [], chunks: [] };
  for (const input of inputs) {
    const existing = stored.get(input.name);
    if (!existing) {
      plan.created.push(statsOf(input, input.years));
      for (const [year, yearRows] of input.years) plan.chunks.push(chunkOf(input, year, yearRows));
      continue;
    }
    const all = new Map(existing.chunks);
    let changed = existing.frequency !== input.frequency;
    for (const [year, yearRows] of input.years) {
      const before = all.get(year) ?? [];
      const merged = mergeSeriesRows(before, yearRows);
      if (!sameRows(merged, before)) {
        all.set(year, merged);
        plan.chunks.push(chunkOf(input, year, merged));
        changed = true;
      }
    }
    if (changed) plan.updated.push({ ...statsOf(input, all), id: existing.id });
  }
  return plan;
}
