import { createHash } from "node:crypto";
import type { PatternModel } from "@/ml/model";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  allocateEmbeddingIndex,
  DEFAULT_INDEX_LAYOUT,
  fillScales,
  embedSeriesWindows,
  layoutKey,
  type CloseColumns,
  type EmbeddingIndex,
  type IndexLayout,
} from "@/lib/model/build-embedding-index";
import { quantise } from "@/lib/model/quantise";

/** One ticker's indexed windows: starts relative to the ticker's first candle, int8 vectors (value x 127). */
export type IndexPart = {
  symbol: string;
  dataHash: string;
  candles: number;
  windows: number;
  embeddingSize: number;
  starts: Int32Array;
  lengths: Int16Array;
  vectors: Int8Array;
};

export type LoadOrBuildResult = { index: EmbeddingIndex; loaded: number; built: number; saved: number; stale: number };

/** SHA-1 of a ticker's closes (their float64 bytes): the stored windows are valid only for these exact values. */
export function hashCloses(close: Float64Array, lo: number, hi: number): string {
  const view = Buffer.from(close.buffer, close.byteOffset + lo * 8, (hi - lo) * 8);
  return createHash("sha1").update(view).digest("hex");
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Characters of PostgreSQL's encode(bytes, 'base64') for `n` bytes: RFC 2045 lines of 76, joined by newlines. */
const pgBase64Length = (n: number) => {
  const chars = 4 * Math.ceil(n / 3);
  return chars + (chars > 0 ? Math.floor((chars - 1) / 76) : 0);
};

/**
 * `count` values decoded from PostgreSQL's base64 straight into a new typed array (no intermediate buffer; Node's
 * decoder skips the line breaks), or null when the text holds another number of bytes.
 */
function decodeInto<T extends Int32Array | Int16Array | Int8Array>(base64: string, Ctor: { new (length: number): T }, count: number): T | null {
  const out = new Ctor(count);
  const target = bytes(out);
  if (base64.length !== pgBase64Length(target.length) || target.write(base64, "base64") !== target.length) return null;
  return out;
}

/** Tickers per query of the load: a batch's text is a few MB, freed before the next is read. */
const LOAD_BATCH = 500;

/**
 * The stored parts of a model version in a layout, by symbol. Read a batch of tickers at a time, as base64 text
 * decoded straight into the parts' arrays: Prisma hands a bytea over by copying its bytes one at a time, and one
 * query of every part held the whole index three times over (25M candles: 0.5 GB of parts, RSS +1.36 GB).
 */
export async function loadIndexParts(db: Db, { modelId, layout, batch = LOAD_BATCH }: { modelId: number; layout: IndexLayout; batch?: number }): Promise<Map<string, IndexPart>> {
  const parts = new Map<string, IndexPart>();
  for (let after = 0; ; ) {
    // the batch's tickers first, so only their parts are encoded (a plan may otherwise encode every row left, then sort)
    const rows = await db.$queryRaw<{ ticker_id: number; symbol: string; data_hash: string; candles: number; windows: number; embedding_size: number; starts: string; lengths: string; vectors: string }[]>`
      SELECT p.ticker_id, t.symbol, p.data_hash, p.candles, p.windows, p.embedding_size,
             encode(p.starts, 'base64') AS starts, encode(p.lengths, 'base64') AS lengths, encode(p.vectors, 'base64') AS vectors
      FROM (SELECT ticker_id FROM embedding_index_part
            WHERE model_version_id = ${modelId} AND layout = ${layoutKey(layout)} AND ticker_id > ${after}
            ORDER BY ticker_id LIMIT ${batch}) k
      JOIN embedding_index_part p ON p.model_version_id = ${modelId} AND p.ticker_id = k.ticker_id
      JOIN ticker t ON t.id = p.ticker_id
      ORDER BY p.ticker_id`;
    for (const r of rows) {
      const starts = decodeInto(r.starts, Int32Array, r.windows);
      const lengths = decodeInto(r.lengths, Int16Array, r.windows);
      const vectors = decodeInto(r.vectors, Int8Array, r.windows * r.embedding_size);
      // A row whose buffers do not add up is treated as missing (it is rebuilt and overwritten).
      if (!starts || !lengths || !vectors) continue;
      parts.set(r.symbol, { symbol: r.symbol, dataHash: r.data_hash, candles: r.candles, windows: r.windows, embeddingSize: r.embedding_size, starts, lengths, vectors });
    }
    if (rows.length < batch) return parts;
    after = rows[rows.length - 1]!.ticker_id;
  }
}

/** Upserts parts (by model version and ticker), a few rows per statement. */
export async function saveIndexParts(db: Db, { modelId, layout, parts, batch = 25 }: { modelId: number; layout: IndexLayout; parts: IndexPart[]; batch?: number }): Promise<number> {
  const key = layoutKey(layout);
  let saved = 0;
  for (let i = 0; i < parts.length; i += batch) {
    const group = parts.slice(i, i + batch);
    const values = group.map(
      (p) => Prisma.sql`(${modelId}::int, (SELECT id FROM ticker WHERE symbol = ${p.symbol}::text), ${key}::text, ${p.dataHash}::text, ${p.candles}::int, ${p.windows}::int, ${p.embeddingSize}::int, ${bytes(p.starts)}::bytea, ${bytes(p.lengths)}::bytea, ${bytes(p.vectors)}::bytea, now())`,
    );
    saved += await db.$executeRaw`
      INSERT INTO embedding_index_part (model_version_id, ticker_id, layout, data_hash, candles, windows, embedding_size, starts, lengths, vectors, updated_at)
      SELECT v.* FROM (VALUES ${Prisma.join(values)}) AS v(model_version_id, ticker_id, layout, data_hash, candles, windows, embedding_size, starts, lengths, vectors, updated_at)
      WHERE v.ticker_id IS NOT NULL
      ON CONFLICT (model_version_id, ticker_id) DO UPDATE SET layout = EXCLUDED.layout, data_hash = EXCLUDED.data_hash, candles = EXCLUDED.candles,
        windows = EXCLUDED.windows, embedding_size = EXCLUDED.embedding_size, starts = EXCLUDED.starts, lengths = EXCLUDED.lengths,
        vectors = EXCLUDED.vectors, updated_at = EXCLUDED.updated_at`;
  }
  return saved;
}

/** Embeds tickers [a, b) of the columns into parts (positions relative to each ticker's first candle). */
export function embedParts({ model, columns, layout, a, b, hashes }: { model: PatternModel; columns: CloseColumns; layout: IndexLayout; a: number; b: number; hashes: string[] }): IndexPart[] {
  const slice: CloseColumns = { symbols: columns.symbols.slice(a, b), offsets: columns.offsets.subarray(a, b + 1), days: columns.days, fields: columns.fields };
  const w = embedSeriesWindows({ model, columns: slice, layout });
  const d = w.embeddingSize;
  const parts: IndexPart[] = [];
  let i = 0;
  for (let t = 0; t < b - a; t++) {
    const first = i;
    while (i < w.windows && w.ticker[i] === t) i++;
    const base = columns.offsets[a + t];
    parts.push({
      symbol: columns.symbols[a + t],
      dataHash: hashes[a + t],
      candles: columns.offsets[a + t + 1] - base,
      windows: i - first,
      embeddingSize: d,
      starts: Int32Array.from(w.start.subarray(first, i), (s) => s - base),
      lengths: Int16Array.from(w.length.subarray(first, i)),
      vectors: quantise(w.rows.subarray(first * d, i * d)),
    });
  }
  return parts;
}

/** The in-memory index from one part per ticker of the columns (in column order), its int8 vectors as stored. */
export function assembleIndex({ parts, columns, layout, embeddingSize: d, modelId, buildMs }: { parts: IndexPart[]; columns: CloseColumns; layout: IndexLayout; embeddingSize: number; modelId?: number; buildMs: number }): EmbeddingIndex {
  const n = parts.reduce((s, p) => s + p.windows, 0);
  const a = allocateEmbeddingIndex(n, d, parts.length);
  let o = 0;
  parts.forEach((p, t) => {
    const base = columns.offsets[t];
    a.vectors.set(p.vectors, o * d);
    a.rowOffsets[t] = o;
    for (let i = 0; i < p.windows; i++, o++) {
      a.start[o] = base + p.starts[i];
      a.length[o] = p.lengths[i];
    }
  });
  a.rowOffsets[parts.length] = o;
  fillScales(a.vectors, d, a.scale);
  return { lengths: layout.lengths, strides: layout.strides, ...a, embeddingSize: d, windows: n, modelId, buildMs };
}

/**
 * The embedding index of `columns` for a model version: every ticker's stored part is used when its layout and
 * the hash of its closes still match; the others (new tickers, changed data, another layout) are embedded, a
 * few tickers at a time with a yield to the event loop in between (a server keeps answering), and stored, so
 * the next start loads them. Stored vectors are int8; freshly embedded ones are quantised the same way, so a
 * loaded index and a rebuilt one are identical.
 */
export async function loadOrBuildEmbeddingIndex(db: Db, options: {
  model: PatternModel & { id: number };
  columns: CloseColumns;
  layout?: IndexLayout;
  tickersPerSlice?: number;
  /** Store newly embedded parts (default true). */
  save?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<LoadOrBuildResult> {
  const started = performance.now();
  const { model, columns } = options;
  const layout = options.layout ?? DEFAULT_INDEX_LAYOUT;
  const per = options.tickersPerSlice ?? 8;
  const d = model.config.embeddingSize;
  const T = columns.symbols.length;
  const close = columns.fields.close;
  const hashes = columns.symbols.map((_, t) => hashCloses(close, columns.offsets[t], columns.offsets[t + 1]));
  const stored = await loadIndexParts(db, { modelId: model.id, layout });
  const parts: (IndexPart | undefined)[] = columns.symbols.map((s, t) => {
    const p = stored.get(s);
    return p && p.dataHash === hashes[t] && p.embeddingSize === d && p.candles === columns.offsets[t + 1] - columns.offsets[t] ? p : undefined;
  });
  const loaded = parts.filter(Boolean).length;
  const stale = columns.symbols.filter((s, t) => stored.has(s) && !parts[t]).length;
  const missing = parts.map((p, t) => (p ? -1 : t)).filter((t) => t >= 0);
  const fresh: IndexPart[] = [];
  options.onProgress?.(loaded, T);
  // Consecutive runs of missing tickers, at most `per` at a time.
  for (let i = 0; i < missing.length; ) {
    const a = missing[i];
    let b = a + 1;
    while (i + (b - a) < missing.length && missing[i + (b - a)] === b && b - a < per) b++;
    const made = embedParts({ model, columns, layout, a, b, hashes });
    made.forEach((p, k) => (parts[a + k] = p));
    fresh.push(...made);
    i += b - a;
    options.onProgress?.(loaded + i, T);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const saved = fresh.length && options.save !== false ? await saveIndexParts(db, { modelId: model.id, layout, parts: fresh }) : 0;
  const index = assembleIndex({ parts: parts as IndexPart[], columns, layout, embeddingSize: d, modelId: model.id, buildMs: performance.now() - started });
  return { index, loaded, built: fresh.length, saved, stale };
}
