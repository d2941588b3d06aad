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

/** PostgreSQL's base64 decoded straight into `target` (Node's decoder skips the line breaks); false when the text holds another number of bytes. */
function decodeBase64Into(base64: string, target: Int32Array | Int16Array | Int8Array): boolean {
  const into = bytes(target);
  return base64.length === pgBase64Length(into.length) && into.write(base64, "base64") === into.length;
}

function decodeInto<T extends Int32Array | Int16Array | Int8Array>(base64: string, Ctor: { new (length: number): T }, count: number): T | null {
  const out = new Ctor(count);
  return decodeBase64Into(base64, out) ? out : null;
}

/** Tickers per query of the load: a batch's text is a few MB, freed before the next is read. */
const LOAD_BATCH = 500;

/** What a stored part is, without its bytes. */
type PartHead = { symbol: string; dataHash: string; candles: number; windows: number; embeddingSize: number };

async function loadIndexPartHeads(db: Db, { modelId, layout }: { modelId: number; layout: IndexLayout }): Promise<Map<string, PartHead>> {
  const rows = await db.$queryRaw<{ symbol: string; data_hash: string; candles: number; windows: number; embedding_size: number }[]>`
    SELECT t.symbol, p.data_hash, p.candles, p.windows, p.embedding_size
    FROM embedding_index_part p JOIN ticker t ON t.id = p.ticker_id
    WHERE p.model_version_id = ${modelId} AND p.layout = ${layoutKey(layout)}`;
  return new Map(rows.map((r) => [r.symbol, { symbol: r.symbol, dataHash: r.data_hash, candles: r.candles, windows: r.windows, embeddingSize: r.embedding_size }]));
}

type PartRow = { ticker_id: number; symbol: string; data_hash: string; candles: number; windows: number; embedding_size: number; starts: string; lengths: string; vectors: string };

/** Every stored part of a model version in a layout, a batch of tickers per query, its bytes as base64 text. */
async function* readPartRows(db: Db, { modelId, layout, batch }: { modelId: number; layout: IndexLayout; batch: number }): AsyncGenerator<PartRow> {
  for (let after = 0; ; ) {
    // the batch's tickers first, so only their parts are encoded (a plan may otherwise encode every row left, then sort)
    const rows = await db.$queryRaw<PartRow[]>`
      SELECT p.ticker_id, t.symbol, p.data_hash, p.candles, p.windows, p.embedding_size,
             encode(p.starts, 'base64') AS starts, encode(p.lengths, 'base64') AS lengths, encode(p.vectors, 'base64') AS vectors
      FROM (SELECT ticker_id FROM embedding_index_part
            WHERE model_version_id = ${modelId} AND layout = ${layoutKey(layout)} AND ticker_id > ${after}
            ORDER BY ticker_id LIMIT ${batch}) k
      JOIN embedding_index_part p ON p.model_version_id = ${modelId} AND p.ticker_id = k.ticker_id
      JOIN ticker t ON t.id = p.ticker_id
      ORDER BY p.ticker_id`;
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.ticker_id;
  }
}

/**
 * The stored parts of a model version in a layout, by symbol, each in arrays of its own (the load's fallback, which
 * holds every part at once). Base64 text rather than bytea: Prisma hands a bytea over by copying its bytes one at
 * a time.
 */
export async function loadIndexParts(db: Db, { modelId, layout, batch = LOAD_BATCH }: { modelId: number; layout: IndexLayout; batch?: number }): Promise<Map<string, IndexPart>> {
  const parts = new Map<string, IndexPart>();
  for await (const r of readPartRows(db, { modelId, layout, batch })) {
    const starts = decodeInto(r.starts, Int32Array, r.windows);
    const lengths = decodeInto(r.lengths, Int16Array, r.windows);
    const vectors = decodeInto(r.vectors, Int8Array, r.windows * r.embedding_size);
    // A row whose buffers do not add up is treated as missing (it is rebuilt and overwritten).
    if (!starts || !lengths || !vectors) continue;
    parts.set(r.symbol, { symbol: r.symbol, dataHash: r.data_hash, candles: r.candles, windows: r.windows, embeddingSize: r.embedding_size, starts, lengths, vectors });
  }
  return parts;
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
    a.rowOffsets[t] = o;
    placePart(a, p, o, columns.offsets[t], d);
    o += p.windows;
  });
  a.rowOffsets[parts.length] = o;
  fillScales(a.vectors, d, a.scale);
  return { lengths: layout.lengths, strides: layout.strides, ...a, embeddingSize: d, windows: n, modelId, buildMs };
}

type LoadOrBuildOptions = {
  model: PatternModel & { id: number };
  columns: CloseColumns;
  layout?: IndexLayout;
  tickersPerSlice?: number;
  /** Store newly embedded parts (default true). */
  save?: boolean;
  onProgress?: (done: number, total: number) => void;
};

/**
 * The embedding index of `columns` for a model version: every ticker's stored part is used when its layout and
 * the hash of its closes still match; the others (new tickers, changed data, another layout) are embedded, a
 * few tickers at a time with a yield to the event loop in between (a server keeps answering), and stored, so
 * the next start loads them. Stored vectors are int8; freshly embedded ones are quantised the same way, so a
 * loaded index and a rebuilt one are identical. The stored parts are decoded straight into the index's arrays (at
 * 25M candles a second copy of them was half a gigabyte); if one changed between its head and its bytes (another
 * process storing it, a damaged row), the load starts over holding every part, which embeds what no longer fits.
 */
export async function loadOrBuildEmbeddingIndex(db: Db, options: LoadOrBuildOptions): Promise<LoadOrBuildResult> {
  const started = performance.now();
  const { model, columns } = options;
  const layout = options.layout ?? DEFAULT_INDEX_LAYOUT;
  const d = model.config.embeddingSize;
  const T = columns.symbols.length;
  const hashes = columns.symbols.map((_, t) => hashCloses(columns.fields.close, columns.offsets[t], columns.offsets[t + 1]));
  const { valid: usable, loaded, stale } = stillValid(await loadIndexPartHeads(db, { modelId: model.id, layout }), { columns, hashes, d });
  const { parts: fresh, saved } = await embedMissing(db, { ...options, layout, hashes, have: (t) => usable[t] !== undefined, loaded });
  const freshOf = new Map(fresh.map((p) => [p.symbol, p]));

  const windows = columns.symbols.map((s, t) => usable[t]?.windows ?? freshOf.get(s)!.windows);
  const n = windows.reduce((a, w) => a + w, 0);
  const a = allocateEmbeddingIndex(n, d, T);
  const slots = new Map<string, { row: number; base: number; head: PartHead }>();
  for (let t = 0, o = 0; t < T; o += windows[t]!, t++) {
    a.rowOffsets[t] = o;
    const part = freshOf.get(columns.symbols[t]);
    if (part) placePart(a, part, o, columns.offsets[t], d);
    else slots.set(columns.symbols[t], { row: o, base: columns.offsets[t], head: usable[t]! });
  }
  a.rowOffsets[T] = n;
  for await (const r of readPartRows(db, { modelId: model.id, layout, batch: LOAD_BATCH })) {
    const slot = slots.get(r.symbol);
    if (!slot) continue; // stale, or of a ticker not in these columns
    const { row, base, head } = slot;
    const end = row + head.windows;
    const same = r.data_hash === head.dataHash && r.windows === head.windows && r.embedding_size === d;
    if (!same || !decodeBase64Into(r.starts, a.start.subarray(row, end)) || !decodeBase64Into(r.lengths, a.length.subarray(row, end)) || !decodeBase64Into(r.vectors, a.vectors.subarray(row * d, end * d))) break;
    for (let i = row; i < end; i++) a.start[i] += base;
    slots.delete(r.symbol);
  }
  if (slots.size > 0) {
    const again = await loadOrBuildFromParts(db, { ...options, hashes });
    return { ...again, built: again.built + fresh.length, saved: again.saved + saved };
  }
  fillScales(a.vectors, d, a.scale);
  const index: EmbeddingIndex = { lengths: layout.lengths, strides: layout.strides, ...a, embeddingSize: d, windows: n, modelId: model.id, buildMs: performance.now() - started };
  return { index, loaded, built: fresh.length, saved, stale };
}

/** Per ticker of the columns, its stored part if made from these very closes by this embedding size; how many are, and how many are not. */
function stillValid<P extends PartHead>(stored: Map<string, P>, { columns, hashes, d }: { columns: CloseColumns; hashes: string[]; d: number }): { valid: (P | undefined)[]; loaded: number; stale: number } {
  const valid = columns.symbols.map((s, t) => {
    const p = stored.get(s);
    return p && p.dataHash === hashes[t] && p.embeddingSize === d && p.candles === columns.offsets[t + 1] - columns.offsets[t] ? p : undefined;
  });
  return { valid, loaded: valid.filter(Boolean).length, stale: columns.symbols.filter((s, t) => stored.has(s) && !valid[t]).length };
}

/** Embeds the tickers `have` says are not stored, a few at a time with a yield between (a server keeps answering), and stores them. */
async function embedMissing(db: Db, options: LoadOrBuildOptions & { layout: IndexLayout; hashes: string[]; have: (t: number) => boolean; loaded: number }): Promise<{ parts: IndexPart[]; saved: number }> {
  const { model, columns, layout, hashes, loaded } = options;
  const per = options.tickersPerSlice ?? 8;
  const T = columns.symbols.length;
  const missing = columns.symbols.map((_, t) => (options.have(t) ? -1 : t)).filter((t) => t >= 0);
  const fresh: IndexPart[] = [];
  options.onProgress?.(loaded, T);
  // Consecutive runs of missing tickers, at most `per` at a time.
  for (let i = 0; i < missing.length; ) {
    const a = missing[i];
    let b = a + 1;
    while (i + (b - a) < missing.length && missing[i + (b - a)] === b && b - a < per) b++;
    fresh.push(...embedParts({ model, columns, layout, a, b, hashes }));
    i += b - a;
    options.onProgress?.(loaded + i, T);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const saved = fresh.length && options.save !== false ? await saveIndexParts(db, { modelId: model.id, layout, parts: fresh }) : 0;
  return { parts: fresh, saved };
}

/** A part's windows at row `o` of the index (its starts made absolute from the ticker's first candle `base`). */
function placePart(a: ReturnType<typeof allocateEmbeddingIndex>, p: IndexPart, o: number, base: number, d: number): void {
  a.vectors.set(p.vectors, o * d);
  for (let i = 0; i < p.windows; i++) {
    a.start[o + i] = base + p.starts[i];
    a.length[o + i] = p.lengths[i];
  }
}

/** The load holding every stored part in memory, then assembled: the fallback when a part changed during the fast load. */
async function loadOrBuildFromParts(db: Db, options: LoadOrBuildOptions & { hashes: string[] }): Promise<LoadOrBuildResult> {
  const started = performance.now();
  const { model, columns, hashes } = options;
  const layout = options.layout ?? DEFAULT_INDEX_LAYOUT;
  const d = model.config.embeddingSize;
  const { valid: parts, loaded, stale } = stillValid(await loadIndexParts(db, { modelId: model.id, layout }), { columns, hashes, d });
  const { parts: fresh, saved } = await embedMissing(db, { ...options, layout, hashes, have: (t) => parts[t] !== undefined, loaded });
  const freshOf = new Map(fresh.map((p) => [p.symbol, p]));
  const all = columns.symbols.map((s, t) => parts[t] ?? freshOf.get(s)!);
  const index = assembleIndex({ parts: all, columns, layout, embeddingSize: d, modelId: model.id, buildMs: performance.now() - started });
  return { index, loaded, built: fresh.length, saved, stale };
}
