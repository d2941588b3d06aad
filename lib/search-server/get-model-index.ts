import type { Db } from "@/lib/db/client";
import type { EmbeddingIndex } from "@/lib/model/build-embedding-index";
import { loadOrBuildEmbeddingIndex } from "@/lib/model/embedding-index-store";
import { warmCoarseProjection } from "@/lib/model/search-embedding-index";
import type { SearchIndex } from "@/lib/search/types";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { activeModelVersion, getActiveModel, noActiveModelError } from "@/lib/search-server/get-active-model";
import type { ModelState } from "@/lib/search/search-patterns";
import { modelHolder, type ActiveModel } from "@/lib/search-server/model-holder";

export type ModelIndex = { model: ActiveModel; searchIndex: SearchIndex; index: EmbeddingIndex };

/**
 * The active model, the process-wide search index (its in-memory closes, not a second copy from the database)
 * and the embedding index over every window of those closes. Loaded lazily on first use from the stored parts
 * in Postgres (lib/model/embedding-index-store.ts): only tickers missing there or whose closes changed are
 * embedded again (and stored). Reloaded when the active version or the series data (the search index's
 * version) changes; concurrent callers share one load. Throws 409 when no model is active.
 */
export async function getModelIndex(db: Db, { log }: { log?: (line: string) => void } = {}): Promise<ModelIndex> {
  const [model, searchIndex] = await Promise.all([getActiveModel(db), getSearchIndex(db)]);
  if (!model) throw noActiveModelError();
  const holder = modelHolder(db);
  const e = holder.embedding;
  if (e && e.modelId === model.id && e.seriesVersion === searchIndex.version) return { model, searchIndex, index: e.index };
  const key = `${model.id}|${searchIndex.version}`;
  if (holder.building?.key !== key) {
    const promise = loadOrBuildEmbeddingIndex(db, { model, columns: searchIndex }).then(async ({ index, loaded, built, stale }) => {
      // the cosine top-k's first pass (lib/search/coarse-projection.ts), built here rather than by the first search
      await warmCoarseProjection(index);
      log?.(`[model] embedding index of version ${model.id}: ${index.windows} windows, ${loaded} tickers loaded, ${built} embedded (${stale} stale) in ${Math.round(index.buildMs)} ms`);
      holder.embedding = { index, modelId: model.id, seriesVersion: searchIndex.version };
      holder.searchIndex = searchIndex;
      return index;
    }).finally(() => {
      if (holder.building?.promise === promise) holder.building = undefined;
    });
    holder.building = { key, promise };
  }
  const index = await holder.building!.promise;
  return { model, searchIndex, index };
}

/**
 * The model search's indexes if they are in memory for the active version and `searchIndex`'s data, without
 * waiting: "loading" starts (or joins) their load and answers at once, so an automatic search never waits for
 * a model; "none" when no version is active.
 */
export async function readyModelIndex(db: Db, searchIndex: SearchIndex): Promise<{ state: ModelState; modelIndex?: ModelIndex }> {
  const active = await activeModelVersion(db);
  if (!active) return { state: "none" };
  const { model, embedding } = modelHolder(db);
  if (model?.id === active.id && embedding?.modelId === active.id && embedding.seriesVersion === searchIndex.version) return { state: "ready", modelIndex: { model, searchIndex, index: embedding.index } };
  // a failed load is the model search's to report; here it only leaves auto on DTW alone
  void getModelIndex(db).catch(() => {});
  return { state: "loading" };
}
