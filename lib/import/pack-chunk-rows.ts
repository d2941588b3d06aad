import type { SeriesRow } from "@/lib/import/merge-series-rows";

/** Values per row of a series kind's packed chunk (the layout of migration 20261203000000_series_chunk_packed). */
export function packedWidth(kind: "ohlcv" | "scalar"): number {
  return kind === "ohlcv" ? 5 : 1;
}

const DAY_MS = 86_400_000;

/**
 * The binary copy of a chunk's rows that the search index loads instead of the JSON: per row, big-endian, the
 * date as int32 days since 1970-01-01 and `width` float64 values (NaN for null). The same bytes as the SQL
 * function pack_chunk_rows; rows hold canonical YYYY-MM-DD dates, as the importer writes them.
 */
export function packChunkRows(rows: readonly SeriesRow[], width: number): Uint8Array {
  const rowBytes = 4 + 8 * width;
  const out = new Uint8Array(rows.length * rowBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const at = i * rowBytes;
    view.setInt32(at, Date.parse(r[0]) / DAY_MS, false);
    for (let k = 0; k < width; k++) {
      const v = r[k + 1];
      // + 0 turns -0 into 0, as the JSONB copy stores it
      view.setFloat64(at + 4 + 8 * k, typeof v === "number" ? v + 0 : NaN, false);
    }
  }
  return out;
}
