import { LRUCache } from "lru-cache";

/**
 * One stored yearly chunk as candles API text: its rows as `{"t":..,"o":..,"h":..,"l":..,"c":..,"v":..}` joined by
 * commas, in UTF-8, with where each row starts and its day, so a date range is a slice of the bytes.
 */
export type ChunkText = {
  /** which stored version of the chunk this is: series, year and PostgreSQL row version (xmin; chunks written in one transaction share it) */
  version: string;
  bytes: Buffer;
  /** byte offset of each row in `bytes`, and one past the end (bytes.length + 1, as if a comma followed) */
  starts: Int32Array;
  /** each row's date as days since 1970-01-01 */
  days: Int32Array;
  /** rows in date order (the importer writes them so): a range is one slice */
  sorted: boolean;
};

// One stored row as PostgreSQL prints JSONB: ["YYYY-MM-DD", o, h, l, c, v] with numbers or null.
const VALUE = String.raw`(null|-?[0-9][0-9.eE+-]*)`;
const STORED_ROW = new RegExp(String.raw`\["(\d{4}-\d{2}-\d{2})", ?${VALUE}, ?${VALUE}, ?${VALUE}, ?${VALUE}, ?${VALUE}\]`, "g");
const ROW_START = /\["\d{4}-/g;

type StoredRow = [string, number | null, number | null, number | null, number | null, number | null];

const dayOf = (date: string) => Math.floor(Date.parse(date) / 86_400_000);

/**
 * The API text of a chunk's stored rows (`rows::text`). The rows are rewritten textually instead of parsed and
 * serialised again, which halves the time of a 5,000-candle answer; a chunk whose rows do not all have the stored
 * shape takes the slow, safe path.
 */
export function chunkText(stored: string, version: string): ChunkText {
  const rows: string[] = [];
  const dates: string[] = [];
  for (const m of stored.matchAll(STORED_ROW)) {
    rows.push(`{"t":"${m[1]}","o":${m[2]},"h":${m[3]},"l":${m[4]},"c":${m[5]},"v":${m[6]}}`);
    dates.push(m[1]!);
  }
  if (rows.length !== (stored.match(ROW_START)?.length ?? 0)) {
    rows.length = 0;
    dates.length = 0;
    for (const [t, o, h, l, c, v] of JSON.parse(stored) as StoredRow[]) {
      rows.push(JSON.stringify({ t, o, h, l, c, v }));
      dates.push(t);
    }
  }
  const bytes = Buffer.from(rows.join(","));
  const starts = new Int32Array(rows.length + 1);
  const days = new Int32Array(rows.length);
  let offset = 0;
  let sorted = true;
  for (let i = 0; i < rows.length; i++) {
    starts[i] = offset;
    offset += Buffer.byteLength(rows[i]!) + 1;
    days[i] = dayOf(dates[i]!);
    if (i > 0 && days[i]! < days[i - 1]!) sorted = false;
  }
  starts[rows.length] = offset;
  return { version, bytes, starts, days, sorted };
}

/** The rows of `chunk` dated within [from, to] (YYYY-MM-DD), as comma-joined text; empty when none are. */
export function sliceChunkText(chunk: ChunkText, from: string, to: string): Buffer[] {
  const lo = dayOf(from);
  const hi = dayOf(to);
  const n = chunk.days.length;
  const row = (i: number, j: number) => chunk.bytes.subarray(chunk.starts[i]!, chunk.starts[j]! - 1);
  if (!chunk.sorted) {
    const parts: Buffer[] = [];
    for (let i = 0; i < n; i++) if (chunk.days[i]! >= lo && chunk.days[i]! <= hi) parts.push(row(i, i + 1));
    return parts;
  }
  let first = 0;
  while (first < n && chunk.days[first]! < lo) first++;
  let end = n;
  while (end > first && chunk.days[end - 1]! > hi) end--;
  return end > first ? [row(first, end)] : [];
}

/** Bytes of API text kept across requests: a chart read of a cached chunk costs a version check, not a rewrite. */
export const CANDLE_TEXT_CACHE_BYTES = 64 * 1024 * 1024;

/** A ticker's cached chunks by year, per symbol; an entry is used only while its version is the one stored. */
export type CandleTextCache = LRUCache<string, Map<number, ChunkText>>;

export function createCandleTextCache(maxBytes = CANDLE_TEXT_CACHE_BYTES): CandleTextCache {
  return new LRUCache({ maxSize: maxBytes, sizeCalculation: (chunks) => Math.max(1, [...chunks.values()].reduce((sum, c) => sum + c.bytes.length + 8 * c.days.length, 0)) });
}
