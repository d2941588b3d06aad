import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJob } from "@/lib/jobs/list-jobs";
import { reindexHandler } from "@/lib/jobs/reindex-handler";
import { runJob } from "@/lib/jobs/run-job";
import { buildEmbeddingIndex, layoutKey, type EmbeddingIndex, type IndexLayout } from "@/lib/model/build-embedding-index";
import { loadIndexParts, loadOrBuildEmbeddingIndex } from "@/lib/model/embedding-index-store";
import { trainAndStoreModel } from "@/lib/model/train-and-store-model";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { storeEmbeddingIndex, type StoreEmbeddingIndexResult } from "@/lib/jobs/store-embedding-index";
import { getModelIndex } from "@/lib/search-server/get-model-index";
import { modelHolder } from "@/lib/search-server/model-holder";
import { getSearchIndex } from "@/lib/search-server/get-search-index";
import { loadSearchIndex } from "@/lib/search-server/load-search-index";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const TINY = { epochs: 1, samples: 120, holdoutSamples: 45, batchSize: 40, embeddingSize: 8, seed: 3 };
const LAYOUT: IndexLayout = { lengths: [32, 48], strides: [8, 12] };

/** Same windows, same order, same vectors. */
function expectSameIndex(a: EmbeddingIndex, b: EmbeddingIndex) {
  expect(a.windows).toBe(b.windows);
  expect(Array.from(a.rowOffsets)).toEqual(Array.from(b.rowOffsets));
  expect(Array.from(a.start)).toEqual(Array.from(b.start));
  expect(Array.from(a.length)).toEqual(Array.from(b.length));
  expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  expect(Array.from(a.scale)).toEqual(Array.from(b.scale));
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("stored embedding index on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let versionId = 0;
  const symbols = ["AAA", "BBB", "CCC"];

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    for (const [i, s] of symbols.entries()) await insertDailySeries(t.db, s, makeDailyRows("2020-01-01", 260, i + 11));
    await insertDailySeries(t.db, "TINY", makeDailyRows("2020-01-01", 20, 5)); // shorter than any window
    const trained = await trainAndStoreModel(t.db, { training: TINY, activate: true });
    versionId = trained.id;
    trained.model.model.dispose();
  }, 90_000);
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip)("stores every ticker on the first build, then loads the same index without embedding", async () => {
    const model = (await loadModelVersion(t.db))!;
    const columns = await loadSearchIndex(t.db);
    const first = await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: LAYOUT });
    expect(first).toMatchObject({ loaded: 0, built: 4, saved: 4, stale: 0 });
    const again = await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: LAYOUT });
    expect(again).toMatchObject({ loaded: 4, built: 0, saved: 0, stale: 0 });
    expectSameIndex(again.index, first.index);
    // ... and it is the index buildEmbeddingIndex makes in one go (int8 round trip included).
    const whole = buildEmbeddingIndex({ model, columns, lengths: LAYOUT.lengths });
    expectSameIndex(again.index, whole);
    const parts = await loadIndexParts(t.db, { modelId: model.id, layout: LAYOUT });
    expect([...parts.keys()].sort()).toEqual([...symbols, "TINY"]);
    expect(parts.get("TINY")!.windows).toBe(0);
    const aaa = columns.bySymbol.get("AAA")!;
    expect(parts.get("AAA")!.windows).toBe(whole.rowOffsets[aaa + 1] - whole.rowOffsets[aaa]);
    // read a batch of tickers at a time: the same parts whatever the batch
    for (const batch of [1, 3]) {
      const batched = await loadIndexParts(t.db, { modelId: model.id, layout: LAYOUT, batch });
      expect([...batched.keys()]).toEqual([...parts.keys()]);
      for (const [symbol, part] of parts) expect(batched.get(symbol)).toEqual(part);
    }
    model.model.dispose();
  }, 60_000);

  it.skipIf(skip)("leaves out a stored part whose bytes do not add up, and the next load embeds it again", async () => {
    const model = (await loadModelVersion(t.db))!;
    const columns = await loadSearchIndex(t.db);
    await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: LAYOUT });
    await t.db.$executeRaw`
      UPDATE embedding_index_part SET vectors = substring(vectors FROM 2)
      WHERE model_version_id = ${model.id} AND ticker_id = (SELECT id FROM ticker WHERE symbol = 'BBB')`;
    const parts = await loadIndexParts(t.db, { modelId: model.id, layout: LAYOUT });
    expect([...parts.keys()].sort()).toEqual(["AAA", "CCC", "TINY"]);
    const again = await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: LAYOUT });
    expect(again).toMatchObject({ loaded: 3, built: 1, saved: 1 });
    expectSameIndex(again.index, buildEmbeddingIndex({ model, columns, lengths: LAYOUT.lengths }));
    model.model.dispose();
  }, 60_000);

  it.skipIf(skip)("re-embeds only the tickers whose closes changed, and everything for another layout or version", async () => {
    const model = (await loadModelVersion(t.db))!;
    // Revised closes for BBB's 2020 (as a re-import would write them), and a new ticker.
    await t.db.$executeRaw`
      UPDATE series_chunk c SET rows = (SELECT jsonb_agg(jsonb_set(r, '{4}', to_jsonb((r->>4)::float8 * 1.1)) ORDER BY r->>0) FROM jsonb_array_elements(c.rows) r)
      FROM series s JOIN ticker t ON t.id = s.ticker_id WHERE c.series_id = s.id AND t.symbol = 'BBB' AND c.year = 2020`;
    await insertDailySeries(t.db, "DDD", makeDailyRows("2020-01-01", 120, 4)); // a new ticker
    const columns = await loadSearchIndex(t.db);
    const res = await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: LAYOUT });
    expect(res).toMatchObject({ loaded: 3, built: 2, saved: 2, stale: 1 });
    const whole = buildEmbeddingIndex({ model, columns, lengths: LAYOUT.lengths });
    expectSameIndex(res.index, whole);

    const other: IndexLayout = { lengths: [40], strides: [10] };
    expect(layoutKey(other)).not.toBe(layoutKey(LAYOUT));
    const relaid = await loadOrBuildEmbeddingIndex(t.db, { model, columns, layout: other, save: false });
    expect(relaid).toMatchObject({ loaded: 0, built: 5, saved: 0 });
    expect(new Set(relaid.index.length)).toEqual(new Set([40]));

    const v2 = await trainAndStoreModel(t.db, { training: { ...TINY, seed: 8 } });
    const model2 = (await loadModelVersion(t.db, { id: v2.id }))!;
    const other2 = await loadOrBuildEmbeddingIndex(t.db, { model: model2, columns, layout: LAYOUT });
    expect(other2).toMatchObject({ loaded: 0, built: 5 });
    v2.model.model.dispose();
    model2.model.dispose();
    model.model.dispose();
  }, 60_000);

  it.skipIf(skip)("the reindex job stores the default layout; a server start then loads it instead of embedding", async () => {
    const id = randomUUID();
    await t.db.$executeRaw`INSERT INTO job (id, kind, params) VALUES (${id}, 'reindex', ${JSON.stringify({ versionId })}::jsonb)`;
    const state = await runJob(t.db, { id, kind: "reindex", params: { versionId }, handlers: { reindex: reindexHandler(t.db, storeEmbeddingIndex) } });
    const job = await getJob(t.db, { id });
    expect(state, job.error ?? "").toBe("completed");
    const result = job.result as unknown as StoreEmbeddingIndexResult;
    expect(result).toMatchObject({ versionId, series: 5, built: 5, loaded: 0 });
    expect(job.steps.at(-1)).toMatchObject({ step: 5, steps: 5 });
    const again = await storeEmbeddingIndex(t.db, { versionId });
    expect(again).toMatchObject({ built: 0, loaded: 5, windows: result.windows });

    // A process that has never built the index (fresh holder) loads every ticker from the table.
    const holder = modelHolder(t.db);
    holder.embedding = undefined;
    const lines: string[] = [];
    await getSearchIndex(t.db, { force: true });
    const { index } = await getModelIndex(t.db, { log: (l) => lines.push(l) });
    expect(index.windows).toBe(result.windows);
    expect(lines.join("\n")).toMatch(/5 tickers loaded, 0 embedded/);
  }, 60_000);
});
