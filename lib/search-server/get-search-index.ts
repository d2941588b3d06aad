import { AppError } from "@/lib/errors/app-error";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import type { Db } from "@/lib/db/client";
import { warmReturnSums } from "@/lib/outcomes/base-rates";
import { DEFAULT_HORIZON } from "@/lib/search/request-schema";
import { DEFAULT_OUTCOME_SETTINGS } from "@/lib/outcomes/describe-outcomes";
import { prepareSeriesInSlices } from "@/lib/search/prepare-series";
import { DEFAULT_TUNING } from "@/lib/search/tuning";
import type { SearchIndex } from "@/lib/search/types";
import { indexSnapshotDir, loadSearchIndexWithSnapshot } from "@/lib/search-server/index-snapshot";
import { loadSearchIndex, type LoadProgress } from "@/lib/search-server/load-search-index";

type Holder = {
  index?: SearchIndex;
  stamp?: string;
  checkedAt: number;
  loading?: Promise<SearchIndex>;
  /** set while the columns are being read (not during a mere freshness check) */
  load?: { startedAt: number; progress?: LoadProgress };
  failed?: string;
};

/** One holder per database client, kept on globalThis so Next dev reloads reuse the loaded index. */
const g = globalThis as unknown as { patternscopeSearchIndex?: WeakMap<Db, Holder> };
const holders = (g.patternscopeSearchIndex ??= new WeakMap());

/** How often a request may ask the database whether the series changed. */
export const REFRESH_CHECK_MS = 2000;

/** How long the freshness check may take before a loaded index is served as it is. */
export const STAMP_TIMEOUT_MS = 1000;

/**
 * How long a request waits for a load in progress: a small index loads within it, as before; for a large one
 * (25M candles take about a minute) the request is answered at once, by the previous index or a 503 with
 * Retry-After, instead of being held for the whole load.
 */
export const LOAD_WAIT_MS = 2000;

export type SearchIndexStatus = {
  /** idle: not loaded yet; loading: the first load runs; reloading: new data is read while the old index answers */
  state: "idle" | "loading" | "ready" | "reloading" | "failed";
  tickers?: number;
  candles?: number;
  /** while loading: how far the load is */
  progress?: LoadProgress & { elapsedMs: number };
  error?: string;
};

/** What /api/health says about the search index: never waits, never touches the database. */
export function searchIndexStatus(db: Db): SearchIndexStatus {
  const h = holders.get(db);
  const loaded = h?.index ? { tickers: h.index.symbols.length, candles: h.index.candles } : {};
  const progress = h?.load?.progress ? { progress: { ...h.load.progress, elapsedMs: Date.now() - h.load.startedAt } } : {};
  if (h?.load) return { state: h.index ? "reloading" : "loading", ...loaded, ...progress };
  if (h?.index) return { state: "ready", ...loaded };
  if (h?.failed) return { state: "failed", error: h.failed };
  return { state: "idle" };
}

function stillLoading(holder: Holder): AppError {
  const p = holder.load?.progress;
  const share = p && p.totalCandles > 0 ? ` (${Math.floor((100 * p.candles) / p.totalCandles)}% of ${p.totalCandles.toLocaleString("en")} candles)` : "";
  return new AppError("unavailable", `The search index is still loading${share}; try again shortly.`, { searchIndex: "loading" });
}

/** The load in progress if it ends within LOAD_WAIT_MS; else the previous index, or a 503 when there is none. */
async function waitForLoad(holder: Holder, loading: Promise<SearchIndex>): Promise<SearchIndex> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), LOAD_WAIT_MS)));
  try {
    const first = await Promise.race([loading, timeout]);
    if (first !== "timeout") return first;
  } finally {
    clearTimeout(timer);
  }
  if (holder.index) return holder.index;
  throw stillLoading(holder);
}

class StampTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StampTimeout()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readStamp(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ n: number; last: Date | null }[]>`SELECT count(*)::int AS n, max(updated_at) AS last FROM series`;
  return `${row?.n ?? 0}|${row?.last ? new Date(row.last).toISOString() : ""}`;
}

/**
 * The process-wide search index for this database: loaded on first use and reloaded when the count or the
 * latest `updated_at` of the series changes (an import bumps it), checked at most every two seconds. While the
 * database is down or not answering, a loaded index keeps answering searches (they need no database); only a
 * process that never loaded one fails (503). A load that outlasts LOAD_WAIT_MS does not hold the request: the
 * previous index answers, or a 503 "still loading" with Retry-After (searchIndexStatus says how far it is).
 */
export async function getSearchIndex(db: Db, { force = false, wait = false }: { force?: boolean; /** wait for a load to its end (the warm-up) */ wait?: boolean } = {}): Promise<SearchIndex> {
  let h = holders.get(db);
  if (!h) holders.set(db, (h = { checkedAt: 0 }));
  const holder = h;
  if (holder.loading) return wait ? holder.loading : waitForLoad(holder, holder.loading);
  const now = Date.now();
  if (holder.index && !force && now - holder.checkedAt < REFRESH_CHECK_MS) return holder.index;
  holder.loading = (async () => {
    try {
      const stamp = await withTimeout(readStamp(db), STAMP_TIMEOUT_MS).catch((error: unknown) => {
        if (holder.index && (error instanceof StampTimeout || isDatabaseUnavailable(error))) return null;
        throw error;
      });
      holder.checkedAt = Date.now();
      if (stamp === null) return holder.index!;
      if (!holder.index || force || stamp !== holder.stamp) {
        const load: NonNullable<Holder["load"]> = (holder.load = { startedAt: Date.now() });
        try {
          const onProgress = (progress: LoadProgress) => (load.progress = progress);
          const snapshotDir = indexSnapshotDir();
          const index = snapshotDir ? (await loadSearchIndexWithSnapshot(db, { dir: snapshotDir, onProgress })).index : await loadSearchIndex(db, { onProgress });
          // The engines' default series, prepared a slice at a time before the index answers: the first search
          // would otherwise prepare them on the event loop (seconds at 25M candles, every chart read waiting).
          for (const tune of [DEFAULT_TUNING.zned, DEFAULT_TUNING.dtw]) await prepareSeriesInSlices({ index, series: tune.priceSource, smooth: tune.smooth, smoothKind: tune.smoothKind });
          // and the outcome statistics' base-rate sums of the reported horizons, for the same reason
          await warmReturnSums({ offsets: index.offsets, days: index.days, close: index.fields.close }, { horizons: [...new Set([...DEFAULT_OUTCOME_SETTINGS.horizons, DEFAULT_HORIZON])] });
          holder.index = index;
          holder.failed = undefined;
        } catch (error) {
          holder.failed = error instanceof Error ? error.message : String(error);
          throw error;
        } finally {
          holder.load = undefined;
        }
        holder.stamp = stamp;
      }
      return holder.index;
    } finally {
      holder.loading = undefined;
    }
  })();
  return wait ? holder.loading : waitForLoad(holder, holder.loading);
}
