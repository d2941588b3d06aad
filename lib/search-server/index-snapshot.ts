import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { indexFromColumns } from "@/lib/search/build-index";
import type { OhlcvField, ScalarColumns, SearchIndex } from "@/lib/search/types";
import { loadSearchIndex, type LoadProgress } from "@/lib/search-server/load-search-index";

/**
 * A search index saved as one binary column file: a small JSON header (the data version it was read from, the
 * symbols, the sections), then every column's bytes as they lie in memory, 8-byte aligned. A server that starts
 * on unchanged data reads it in a few large reads straight into the shared columns, instead of parsing every
 * stored chunk's JSON again (minutes at 25M candles); on changed data it is ignored and replaced.
 */
const MAGIC = "PSINDEX1";
const FILE = "search-index.bin";
/** Bytes per read or write: large enough for few system calls, small enough to keep the event loop turning. */
const PIECE = 16 * 1024 * 1024;
const FIELDS: OhlcvField[] = ["open", "high", "low", "close", "volume"];

type Section = { name: string; type: "i32" | "f64"; length: number };
type Header = { magic: string; version: string; littleEndian: boolean; symbols: string[]; scalars: string[]; sections: Section[] };

const littleEndian = os.endianness() === "LE";
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Where a production server keeps its snapshot unless told otherwise (./data is writable in the image and the chart). */
export const DEFAULT_SNAPSHOT_DIR = "./data/search-index";

/**
 * The folder of the index snapshot: SEARCH_INDEX_SNAPSHOT_DIR; unset, DEFAULT_SNAPSHOT_DIR in a production server
 * (npm start, the image), so a restart on unchanged data reads the snapshot in seconds instead of parsing every
 * chunk again; "off" (or unset outside production: dev servers, tests) keeps no snapshot.
 */
export function indexSnapshotDir(env: Pick<Env, "SEARCH_INDEX_SNAPSHOT_DIR" | "NODE_ENV"> = getEnv()): string | undefined {
  const dir = env.SEARCH_INDEX_SNAPSHOT_DIR;
  if (dir === "off") return undefined;
  return dir ?? (env.NODE_ENV === "production" ? DEFAULT_SNAPSHOT_DIR : undefined);
}

/**
 * What the index is read from, as one string: every loaded series' ticker, name, kind, count and last change.
 * An import or a delete changes it; equal strings mean a load from the database would read the same rows.
 */
export async function readDataVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ v: string }[]>`
    SELECT md5(coalesce(string_agg(t.symbol || '|' || s.name || '|' || s.kind || '|' || s.count || '|' || s.updated_at::text, ',' ORDER BY s.id), '')) AS v
    FROM series s
    JOIN ticker t ON t.id = s.ticker_id
    WHERE (s.kind = 'ohlcv' AND s.name = 'daily') OR s.kind = 'scalar'`;
  return row?.v ?? "";
}

function sectionsOf(index: SearchIndex): { header: Section[]; arrays: (Int32Array | Float64Array)[] } {
  const header: Section[] = [];
  const arrays: (Int32Array | Float64Array)[] = [];
  const add = (name: string, a: Int32Array | Float64Array) => {
    header.push({ name, type: a instanceof Int32Array ? "i32" : "f64", length: a.length });
    arrays.push(a);
  };
  add("offsets", index.offsets);
  add("days", index.days);
  for (const f of FIELDS) add(f, index.fields[f]);
  for (const [name, s] of index.scalars) {
    add(`${name}.offsets`, s.offsets);
    add(`${name}.days`, s.days);
    add(`${name}.values`, s.values);
  }
  return { header, arrays };
}

/**
 * Writes `index` as the snapshot of data `version` in `dir` (created if missing): to a temporary file first,
 * renamed over the old snapshot when complete, so a reader never sees half a file.
 */
export async function writeIndexSnapshot(dir: string, version: string, index: SearchIndex): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const { header: sections, arrays } = sectionsOf(index);
  const header: Header = { magic: MAGIC, version, littleEndian, symbols: index.symbols, scalars: [...index.scalars.keys()], sections };
  const json = Buffer.from(JSON.stringify(header));
  const lead = Buffer.alloc(pad8(12 + json.length));
  lead.write(MAGIC, 0, "latin1");
  lead.writeUInt32LE(json.length, 8);
  json.copy(lead, 12);
  const tmp = path.join(dir, `${FILE}.${process.pid}.${Date.now()}.tmp`);
  const file = await fs.open(tmp, "w");
  try {
    let at = 0;
    await file.write(lead, 0, lead.length, at);
    at += lead.length;
    for (const a of arrays) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let o = 0; o < bytes.length; o += PIECE) await file.write(bytes, o, Math.min(PIECE, bytes.length - o), at + o);
      at += pad8(bytes.length);
    }
    await file.truncate(at);
    await file.sync();
  } catch (error) {
    await file.close();
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await file.close();
  await fs.rename(tmp, path.join(dir, FILE));
}

/**
 * The snapshot in `dir` as a search index if it holds data `version` (else null: none there, another version,
 * another byte order, or a file that does not add up). Every column is read straight into its shared buffer.
 */
export async function readIndexSnapshot(dir: string, version: string): Promise<SearchIndex | null> {
  let file: fs.FileHandle;
  try {
    file = await fs.open(path.join(dir, FILE), "r");
  } catch {
    return null;
  }
  try {
    const { size } = await file.stat();
    const lead = Buffer.alloc(12);
    if (size < 12 || (await file.read(lead, 0, 12, 0)).bytesRead < 12 || lead.toString("latin1", 0, 8) !== MAGIC) return null;
    const jsonLength = lead.readUInt32LE(8);
    if (12 + jsonLength > size) return null;
    const json = Buffer.alloc(jsonLength);
    await file.read(json, 0, jsonLength, 12);
    const header = JSON.parse(json.toString()) as Header;
    if (header.magic !== MAGIC || header.version !== version || header.littleEndian !== littleEndian) return null;
    let at = pad8(12 + jsonLength);
    const expected = header.sections.reduce((n, s) => n + pad8(s.length * (s.type === "i32" ? 4 : 8)), at);
    if (expected !== size) return null;
    const arrays = new Map<string, Int32Array | Float64Array>();
    for (const s of header.sections) {
      const width = s.type === "i32" ? 4 : 8;
      const buffer = new SharedArrayBuffer(Math.max(1, s.length) * width);
      const bytes = new Uint8Array(buffer, 0, s.length * width);
      for (let o = 0; o < bytes.length; o += PIECE) {
        const n = Math.min(PIECE, bytes.length - o);
        if ((await file.read(bytes, o, n, at + o)).bytesRead !== n) return null;
      }
      at += pad8(bytes.length);
      arrays.set(s.name, s.type === "i32" ? new Int32Array(buffer, 0, s.length) : new Float64Array(buffer, 0, s.length));
    }
    const i32 = (name: string) => (arrays.get(name) instanceof Int32Array ? (arrays.get(name) as Int32Array) : undefined);
    const f64 = (name: string) => (arrays.get(name) instanceof Float64Array ? (arrays.get(name) as Float64Array) : undefined);
    const offsets = i32("offsets"), days = i32("days");
    if (!offsets || !days || offsets.length !== header.symbols.length + 1 || offsets[header.symbols.length] !== days.length) return null;
    const fields = Object.fromEntries(FIELDS.map((f) => [f, f64(f)])) as Record<OhlcvField, Float64Array | undefined>;
    if (FIELDS.some((f) => fields[f]?.length !== days.length)) return null;
    const scalars = new Map<string, ScalarColumns>();
    for (const name of header.scalars) {
      const col = { offsets: i32(`${name}.offsets`), days: i32(`${name}.days`), values: f64(`${name}.values`) };
      if (!col.offsets || !col.days || !col.values || col.offsets.length !== offsets.length || col.values.length !== col.days.length) return null;
      scalars.set(name, col as ScalarColumns);
    }
    return indexFromColumns({ symbols: header.symbols, offsets, days, fields: fields as Record<OhlcvField, Float64Array>, scalars });
  } catch (error) {
    console.warn(`[search] ignoring the index snapshot in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    await file.close();
  }
}

export type SnapshotLoad = { index: SearchIndex; from: "snapshot" | "database"; /** the new snapshot's write, when the index came from the database */ saved?: Promise<void> };

/**
 * The search index of the data as it is now: the snapshot in `dir` when it holds this data version, else a load
 * from the database (loadSearchIndex), saved as the new snapshot in the background (`saved`: a failed write is
 * logged, and the next start loads from the database again).
 */
export async function loadSearchIndexWithSnapshot(db: Db, { dir, onProgress }: { dir: string; onProgress?: (progress: LoadProgress) => void }): Promise<SnapshotLoad> {
  const version = await readDataVersion(db);
  const snapshot = await readIndexSnapshot(dir, version);
  if (snapshot) return { index: snapshot, from: "snapshot" };
  const index = await loadSearchIndex(db, { onProgress });
  // the data may have changed while it was read: saved under the version read before, a changed version misses it
  const saved = writeIndexSnapshot(dir, version, index).catch((error: unknown) => {
    console.warn(`[search] could not save the index snapshot in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { index, from: "database", saved };
}
