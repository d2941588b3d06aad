import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { buildIndex } from "@/lib/search/build-index";
import { randomWalkColumns } from "@/lib/search/testing/random";
import type { EmbeddingIndex } from "@/lib/model/build-embedding-index";
import { readyModelIndex } from "@/lib/search-server/get-model-index";
import { modelHolder, type ActiveModel } from "@/lib/search-server/model-holder";

const index = buildIndex({ tickers: [randomWalkColumns({ symbol: "AAA", n: 200, seed: 1 })] });
/** A database whose active model version is `active` on the first query and none after (so a started load stops at once). */
const fakeDb = (active: { id: number; name: string } | null) => {
  let calls = 0;
  return { $queryRaw: async () => (calls++ === 0 && active ? [active] : []) } as unknown as Db;
};

describe("readyModelIndex: whether auto may fuse the model search in, without waiting", () => {
  it("none without an active version, loading until the active version's embedding index is in memory, then ready", async () => {
    expect(await readyModelIndex(fakeDb(null), index)).toEqual({ state: "none" });
    const db = fakeDb({ id: 2, name: "m" });
    expect(await readyModelIndex(db, index)).toEqual({ state: "loading" });

    const model = { id: 2, name: "m" } as ActiveModel, embedding = { windows: 0 } as EmbeddingIndex;
    const holder = modelHolder(db);
    holder.model = model;
    // an embedding index of another model version or of older data is not the active one's
    holder.embedding = { index: embedding, modelId: 1, seriesVersion: index.version };
    expect((await readyModelIndex(fakeDb({ id: 2, name: "m" }), index)).state).toBe("loading");
    const ready = fakeDb({ id: 2, name: "m" });
    Object.assign(modelHolder(ready), { model, embedding: { index: embedding, modelId: 2, seriesVersion: index.version + 1 } });
    expect((await readyModelIndex(ready, index)).state).toBe("loading");
    const current = fakeDb({ id: 2, name: "m" });
    Object.assign(modelHolder(current), { model, embedding: { index: embedding, modelId: 2, seriesVersion: index.version } });
    expect(await readyModelIndex(current, index)).toEqual({ state: "ready", modelIndex: { model, searchIndex: index, index: embedding } });
    // a version deactivated since: DTW alone again
    expect((await readyModelIndex(current, index)).state).toBe("none");
  });
});
