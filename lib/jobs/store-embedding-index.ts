import type { Db } from "@/lib/db/client";
import { loadOrBuildEmbeddingIndex } from "@/lib/model/embedding-index-store";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { loadSearchIndex } from "@/lib/search-server/load-search-index";

export type StoreEmbeddingIndexResult = {
  versionId: number;
  series: number;
  candles: number;
  windows: number;
  /** Tickers whose stored part was still valid, and tickers embedded and stored now (of which `stale` replaced an outdated part). */
  loaded: number;
  built: number;
  stale: number;
  ms: number;
};

/**
 * The reindex job (lib/jobs/reindex-handler.ts): brings the stored embedding index of a model version (the
 * active one unless `versionId` is given) up to date with the stored series, embedding only the tickers that
 * are missing or whose closes changed since, so a web server start (or its next search after an import) loads
 * instead of embedding. Run it after an activation or an import.
 */
export async function storeEmbeddingIndex(db: Db, { versionId, onProgress }: { versionId?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<StoreEmbeddingIndexResult> {
  const started = performance.now();
  const model = await loadModelVersion(db, { id: versionId });
  if (!model) throw new Error(versionId ? `Model version ${versionId} not found` : "No active model version");
  try {
    const columns = await loadSearchIndex(db);
    const { index, loaded, built, stale } = await loadOrBuildEmbeddingIndex(db, { model, columns, onProgress });
    const windows = index.windows;
    return { versionId: model.id, series: columns.symbols.length, candles: columns.candles, windows, loaded, built, stale, ms: Math.round(performance.now() - started) };
  } finally {
    model.model.dispose();
  }
}
