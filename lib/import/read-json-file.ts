import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { pipeline, type Readable } from "node:stream";
import type { SplitEvent } from "@/lib/import/adjust-splits";
import { FileReportBuilder } from "@/lib/import/file-report";
import { openImportStream, type GzipLimits } from "@/lib/import/gunzip-capped";
import { TokenizerError } from "@streamparser/json";
import { JsonRowsReader, JsonShapeError, type JsonKey } from "@/lib/import/json-rows-reader";
import { nulGuard } from "@/lib/import/nul-guard";
import { alphavantageField } from "@/lib/import/parse-alphavantage-json";
import { parseDate } from "@/lib/import/parse-date";
import { JSON_NUL_MESSAGE, parseJsonDocument } from "@/lib/import/parse-file-content";
import { shiftExamples } from "@/lib/import/row-report";
import type { ImportFormat, ParsedTicker } from "@/lib/import/types";

/** Most rows of one ticker parsed and stored at once: a longer document is stored in parts of this many items. */
export const JSON_PART_ROWS = 50_000;

type Container = { path: JsonKey[]; count: number };

/** The first pass: the document outside its rows, where its rows are, and what a first row looks like. */
type JsonScan = {
  skeleton: unknown;
  containers: Map<string, Container>;
  firstRootObject: unknown;
  sawNul: boolean;
  /** AlphaVantage's splits by series, with their item numbers: a part is adjusted for the splits in other parts. */
  splits: Map<string, (SplitEvent & { index: number })[]>;
};

/** A file's bytes, decompressed and NUL-checked (a failure of either fails the stream). */
async function openJsonBytes(file: string, limits: GzipLimits): Promise<Readable> {
  return pipeline(await openImportStream(file, limits), nulGuard(), () => {});
}

/** Feeds a file's bytes to a reader. */
async function readAll(file: string, limits: GzipLimits, reader: JsonRowsReader) {
  const stream = await openJsonBytes(file, limits);
  for await (const chunk of stream) reader.write(chunk as Buffer);
  reader.end();
}

async function scanJson(file: string, limits: GzipLimits): Promise<JsonScan> {
  const containers = new Map<string, Container>();
  const splits = new Map<string, (SplitEvent & { index: number })[]>();
  let firstRootObject: unknown;
  const isSeries = (container: string) => container.startsWith("Time Series");
  const reader = new JsonRowsReader({
    keepSkeleton: true,
    buildItem: (container) => (container === "$" && firstRootObject === undefined) || isSeries(container),
    onItem: (container, key, value) => {
      const index = containers.get(container)!.count++;
      if (isSeries(container)) {
        const split = Number(alphavantageField(value, "split coefficient") ?? 1);
        const t = parseDate(String(key));
        if (t !== null && Number.isFinite(split) && split > 0 && split !== 1) {
          if (!splits.has(container)) splits.set(container, []);
          splits.get(container)!.push({ t, split, index });
        }
      }
      if (container === "$" && firstRootObject === undefined && value && typeof value === "object") firstRootObject = value;
    },
    onContainer: (container, at) => {
      if (containers.has(container)) throw new JsonShapeError(`JSON holds "${container}" twice: not a price document`);
      containers.set(container, { path: [...at], count: 0 });
    },
  });
  await readAll(file, limits, reader);
  return { skeleton: reader.root, containers, firstRootObject, sawNul: reader.sawNul, splits };
}

function valueAt(doc: unknown, at: readonly JsonKey[]): unknown {
  let v = doc;
  for (const k of at) v = (v as Record<JsonKey, unknown>)[k];
  return v;
}

/** The document with `rows` in its row containers (a fresh copy: parts are stored while the next is read). */
function documentWith(skeleton: unknown, containers: Map<string, Container>, rows: Map<string, [JsonKey, unknown][]>): unknown {
  const rooted = rows.get("$");
  if (rooted) return rooted.map(([, v]) => v);
  const doc = structuredClone(skeleton);
  for (const [name, items] of rows) {
    const target = valueAt(doc, containers.get(name)!.path);
    if (Array.isArray(target)) for (const [, v] of items) target.push(v);
    else for (const [k, v] of items) Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return doc;
}

/** The row containers a layout reads (the others' items are left out of the stored parts). */
function containersRead(format: ImportFormat, scan: JsonScan): string[] {
  const names = [...scan.containers.keys()];
  if (format === "ohlc-json" || format === "tiingo-json" || format === "eod-json") return names.filter((n) => n === "$");
  if (format === "polygon-json") return names.filter((n) => n === "results");
  if (format === "alphavantage-json") {
    const series = Object.keys(scan.skeleton as object).find((k) => k.startsWith("Time Series"));
    return names.filter((n) => n === series);
  }
  if (format === "yahoo-json") return names.filter((n) => n === "timestamp" || n.startsWith("indicators."));
  return [];
}

export type JsonFileOptions = {
  file: string;
  format?: ImportFormat;
  symbol: string | null;
  fallbackSymbol: string | null;
  limits: GzipLimits;
  partRows?: number;
};

export type OpenedJsonFile =
  | { ok: false; format: ImportFormat | null; message: string }
  | { ok: true; format: ImportFormat; rows: number; tickers: AsyncIterable<ParsedTicker>; builder: FileReportBuilder };

/**
 * Opens a JSON document for import without holding it: a first pass checks it as JSON.parse would (plus the size
 * of what is held outside its rows), finds its layout and symbol from the document with its first row, and refuses
 * it before anything is stored; a second pass hands out the ticker in parts of at most `partRows` rows (Yahoo's
 * parallel arrays go through temporary files first, to be read side by side). A document of one part is stored
 * exactly as JSON.parse reads it.
 */
export async function openJsonFile(options: JsonFileOptions): Promise<OpenedJsonFile> {
  let scan: JsonScan;
  try {
    scan = await scanJson(options.file, options.limits);
  } catch (error) {
    if (error instanceof JsonShapeError) return { ok: false, format: options.format ?? null, message: error.message };
    if (error instanceof SyntaxError || error instanceof TokenizerError) {
      return { ok: false, format: options.format ?? null, message: `invalid JSON: ${(error as Error).message}` };
    }
    throw error;
  }
  if (scan.sawNul) return { ok: false, format: options.format ?? null, message: JSON_NUL_MESSAGE };
  const firstRows = new Map<string, [JsonKey, unknown][]>();
  if (scan.containers.has("$")) firstRows.set("$", scan.firstRootObject === undefined ? [] : [[0, scan.firstRootObject]]);
  const probe = parseJsonDocument(documentWith(scan.skeleton, scan.containers, firstRows), {
    format: options.format,
    fallbackSymbol: options.fallbackSymbol,
    symbol: options.symbol,
  });
  if (!probe.ok) return probe;
  const { format } = probe;
  const symbol = probe.ticker.symbol;
  const read = containersRead(format, scan);
  const counted = read.find((n) => n !== "timestamp" && !n.startsWith("indicators.")) ?? (read.length ? "timestamp" : undefined);
  const rows = counted ? (scan.containers.get(counted)?.count ?? 0) : probe.ticker.report.read;
  const builder = new FileReportBuilder({ file: options.file, format, unit: "item" });
  const parts = read.some((n) => n === "timestamp" || n.startsWith("indicators.")) ? columnParts(options, scan, read) : rowParts(options, scan, read);
  async function* tickers() {
    const splits = [...scan.splits.entries()].find(([name]) => read.includes(name))?.[1] ?? [];
    for await (const { doc, offset, rows: partRows } of parts) {
      const splitsOutside = splits.filter((s) => s.index < offset || s.index >= offset + partRows);
      const parsed = parseJsonDocument(doc, { format, fallbackSymbol: options.fallbackSymbol, symbol: options.symbol, splitsOutside });
      // Every part holds the skeleton the probe was read from, so it parses the same way.
      if (!parsed.ok) throw new Error(`a part of ${options.file} no longer parses: ${parsed.message}`);
      const t = parsed.ticker;
      t.symbol = symbol;
      if (offset) shiftExamples(t.report, offset);
      if (builder.accept(t)) yield t;
    }
  }
  return { ok: true, format, rows, tickers: tickers(), builder };
}

type Part = { doc: unknown; offset: number; rows: number };

/** Parts of a document whose rows are items of one container (a row array, Polygon's results, AlphaVantage's series). */
async function* rowParts(options: JsonFileOptions, scan: JsonScan, read: string[]): AsyncGenerator<Part> {
  const size = options.partRows ?? JSON_PART_ROWS;
  const [name] = read;
  if (name === undefined) {
    yield { doc: scan.skeleton, offset: 0, rows: 0 };
    return;
  }
  let items: [JsonKey, unknown][] = [];
  let offset = 0;
  const ready: Part[] = [];
  const reader = new JsonRowsReader({
    keepSkeleton: false,
    buildItem: (container) => container === name,
    onItem: (container, key, value) => {
      if (container !== name) return;
      items.push([key, value]);
      if (items.length >= size) {
        ready.push({ doc: documentWith(scan.skeleton, scan.containers, new Map([[name, items]])), offset, rows: items.length });
        offset += items.length;
        items = [];
      }
    },
  });
  const stream = await openJsonBytes(options.file, options.limits);
  try {
    for await (const chunk of stream) {
      reader.write(chunk as Buffer);
      while (ready.length) yield ready.shift()!;
    }
  } finally {
    stream.destroy();
  }
  reader.end();
  if (items.length || offset === 0) yield { doc: documentWith(scan.skeleton, scan.containers, new Map([[name, items]])), offset, rows: items.length };
}

/**
 * Parts of a Yahoo chart document, whose rows are parallel arrays (all timestamps, then all opens, ...): the second
 * pass writes each array to a temporary file, one JSON value a line, and the parts read them side by side.
 */
async function* columnParts(options: JsonFileOptions, scan: JsonScan, read: string[]): AsyncGenerator<Part> {
  const size = options.partRows ?? JSON_PART_ROWS;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "ps-json-columns-"));
  const inputs: readline.Interface[] = [];
  const outs = new Map(read.map((name, i) => [name, fs.createWriteStream(path.join(dir, `${i}.jsonl`), { mode: 0o600 })]));
  try {
    const pending: Promise<unknown>[] = [];
    const reader = new JsonRowsReader({
      keepSkeleton: false,
      buildItem: (container) => outs.has(container),
      onItem: (container, _key, value) => {
        const out = outs.get(container);
        // undefined (an item not built) cannot occur here; null stands in for it all the same.
        if (out && !out.write(`${JSON.stringify(value ?? null)}\n`)) pending.push(once(out, "drain"));
      },
    });
    const stream = await openJsonBytes(options.file, options.limits);
    for await (const chunk of stream) {
      reader.write(chunk as Buffer);
      if (pending.length) await Promise.all(pending.splice(0));
    }
    reader.end();
    await Promise.all([...outs.values()].map((out) => new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))));

    const lines = new Map(
      read.map((name, i) => {
        const input = readline.createInterface({ input: fs.createReadStream(path.join(dir, `${i}.jsonl`)), crlfDelay: Infinity });
        inputs.push(input);
        return [name, input[Symbol.asyncIterator]()];
      }),
    );
    const total = scan.containers.get("timestamp")?.count ?? 0;
    const partsCount = Math.max(1, Math.ceil(total / size));
    for (let part = 0; part < partsCount; part++) {
      const last = part === partsCount - 1;
      const rows = new Map<string, [JsonKey, unknown][]>();
      for (const [name, it] of lines) {
        const items: [JsonKey, unknown][] = [];
        while (last || items.length < size) {
          const next = await it.next();
          if (next.done) break;
          items.push([items.length, JSON.parse(next.value)]);
        }
        rows.set(name, items);
      }
      yield { doc: documentWith(scan.skeleton, scan.containers, rows), offset: part * size, rows: rows.get("timestamp")?.length ?? 0 };
    }
  } finally {
    for (const out of outs.values()) out.destroy();
    for (const input of inputs) input.close();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
