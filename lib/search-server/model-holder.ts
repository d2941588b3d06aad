import type { PatternModel } from "@/ml/model";
import type { Db } from "@/lib/db/client";
import type { EmbeddingIndex } from "@/lib/model/build-embedding-index";
import type { SearchIndex } from "@/lib/search/types";

export type ActiveModel = PatternModel & { id: number; name: string };

/** What the model service keeps per database client: the loaded active model and its embedding index. */
export type ModelHolder = {
  model?: ActiveModel;
  loadingModel?: { id: number; promise: Promise<ActiveModel> };
  /** The embedding index and what it was built from: a model id and a search index version. */
  embedding?: { index: EmbeddingIndex; modelId: number; seriesVersion: number };
  building?: { key: string; promise: Promise<EmbeddingIndex> };
  /** The search index the embedding index was built over (its columns locate the windows). */
  searchIndex?: SearchIndex;
};

/** One holder per database client on globalThis, so Next dev reloads keep the (expensive) index. */
const g = globalThis as unknown as { patternscopeModelService?: WeakMap<Db, ModelHolder> };
const holders = (g.patternscopeModelService ??= new WeakMap());

export function modelHolder(db: Db): ModelHolder {
  let h = holders.get(db);
  if (!h) holders.set(db, (h = {}));
  return h;
}
