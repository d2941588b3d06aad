import { LRUCache } from "lru-cache";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { classifyLatestWindowsInSlices, scanLatestWindows, type LatestWindowClasses } from "@/lib/model/scan-latest-windows";
import { fromDayNumber } from "@/lib/search/dates";
import type { SearchIndex } from "@/lib/search/types";
import type { Admit } from "@/lib/search-server/bounded-search";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { getActiveModel, noActiveModelError } from "@/lib/search-server/get-active-model";
import type { ActiveModel } from "@/lib/search-server/model-holder";
import { scanRequestSchema } from "@/lib/model/scan-request-schema";

export type ScanItem = {
  symbol: string;
  name: string | null;
  /** Probability of the requested pattern (also the top class). */
  probability: number;
  class: string;
  last: { t: string; c: number };
  window: { t: string; c: number }[];
};

export type ScanResult = {
  pattern: string;
  lookback: number;
  minProbability: number;
  items: ScanItem[];
  /** Tickers that qualified; `items` holds the `limit` most probable of them. */
  matched: number;
  limit: number;
  scanned: number;
  tookMs: number;
  model: { id: number; version: number; name: string };
};

/**
 * Classifications per model, data version and lookback: the pattern, threshold and limit of a scan only filter
 * them, so a caller varying those costs nothing, and the inference runs once per lookback and data version.
 */
const g = globalThis as unknown as { patternscopeScanClasses?: WeakMap<SearchIndex, LRUCache<string, Promise<LatestWindowClasses>>> };
const classesByIndex = (g.patternscopeScanClasses ??= new WeakMap());

function cachedClasses({ model, si, lookback, admit }: { model: ActiveModel; si: SearchIndex; lookback: number; admit: Admit }): Promise<LatestWindowClasses> {
  let cache = classesByIndex.get(si);
  if (!cache) classesByIndex.set(si, (cache = new LRUCache({ max: 64 })));
  const key = `${model.id}|${lookback}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = admit(() => classifyLatestWindowsInSlices({ model, columns: si, lookback }));
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
}

/**
 * GET /api/scan: classifies every ticker's latest `lookback` closes with the active model (one batched
 * inference, through the search admission queue) and keeps the tickers whose most probable class is the pattern,
 * at `minProbability` or more, most probable first. Validates the raw query (a ZodError becomes a 400 naming the
 * field); 409 without a model.
 */
export async function scanPatterns(db: Db, { query, admit = (task) => task(), signal }: { query: unknown; admit?: Admit; signal?: AbortSignal }): Promise<ScanResult> {
  const t0 = performance.now();
  const req = scanRequestSchema.parse(query);
  const [model, si] = await Promise.all([getActiveModel(db), getSearchIndex(db)]);
  if (!model) throw noActiveModelError();
  const classes = model.config.classes as readonly string[];
  const cls = classes.indexOf(req.pattern);
  if (cls < 0) throw noActiveModelError();
  const close = si.fields.close;
  const classified = await cachedClasses({ model, si, lookback: req.lookback, admit });
  signal?.throwIfAborted();
  const hits = scanLatestWindows({ model, columns: si, pattern: req.pattern, lookback: req.lookback, minProbability: req.minProbability, classified }).filter((h) => h.topClass === req.pattern);
  hits.sort((a, b) => b.probability - a.probability || a.symbol.localeCompare(b.symbol));
  const kept = hits.slice(0, req.limit);
  const symbols = kept.map((h) => h.symbol);
  const names = new Map<string, string | null>();
  if (symbols.length) {
    const rows = await db.$queryRaw<{ symbol: string; name: string | null }[]>`
      SELECT symbol, name FROM ticker WHERE symbol IN (${Prisma.join(symbols)})`;
    for (const r of rows) names.set(r.symbol, r.name);
  }
  const items = kept.map(({ ticker: t, probability }): ScanItem => {
    const hi = si.offsets[t + 1];
    const window = [];
    for (let j = hi - req.lookback; j < hi; j++) window.push({ t: fromDayNumber(si.days[j]), c: close[j] });
    return { symbol: si.symbols[t], name: names.get(si.symbols[t]) ?? null, probability: Math.round(probability * 1e4) / 1e4, class: classes[cls], last: window[window.length - 1], window };
  });
  return {
    pattern: req.pattern,
    lookback: req.lookback,
    minProbability: req.minProbability,
    items,
    matched: hits.length,
    limit: req.limit,
    scanned: classified.owners.length,
    tookMs: Math.round(performance.now() - t0),
    model: { id: model.id, version: model.id, name: model.name },
  };
}
