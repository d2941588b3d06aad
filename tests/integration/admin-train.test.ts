import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJob } from "@/lib/jobs/list-jobs";
import { runJob } from "@/lib/jobs/run-job";
import { reindexHandler } from "@/lib/jobs/reindex-handler";
import { trainHandler } from "@/lib/jobs/train-handler";
import { storeEmbeddingIndex } from "@/lib/jobs/store-embedding-index";
import { activateModelVersion } from "@/lib/model/activate-model-version";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

// One database is enough here: the queue itself is covered on both in admin-jobs.test.ts; this checks the wiring
// to the ML helper's real training (tfjs), which is the slow part.
const hasPostgres = await postgresAvailable();

describe("train job (real tfjs training, tiny config)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = hasPostgres ? await createPostgresDatabase() : await createPgliteDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const start = async (params: Record<string, unknown>) => {
    const id = randomUUID();
    await t.db.$executeRaw`INSERT INTO job (id, kind, params) VALUES (${id}, 'train', ${JSON.stringify(params)}::jsonb)`;
    return id;
  };

  it("stores a model version and one progress row per epoch with loss, accuracy and ETA", async () => {
    const id = await start({ epochs: 2, samples: 200, embeddingSize: 8 });
    const state = await runJob(t.db, { id, kind: "train", params: { epochs: 2, samples: 200, embeddingSize: 8 }, handlers: { train: trainHandler(t.db) } });
    const job = await getJob(t.db, { id });
    expect(state, job.error ?? "").toBe("completed");
    const epochs = job.steps.filter((s) => s.step > 0);
    expect(epochs.map((s) => [s.step, s.steps])).toEqual([[1, 2], [2, 2]]);
    expect(epochs.every((s) => s.loss! > 0 && s.accuracy! >= 0 && s.accuracy! <= 1 && s.etaMs !== null)).toBe(true);
    expect(epochs.at(-1)!.etaMs).toBe(0);
    const versionId = Number(job.result!.versionId);
    const versions = await t.db.$queryRaw<{ id: number; status: string; epochs: number }[]>`
      SELECT id, status, (config->'training'->>'epochs')::int AS epochs FROM model_version`;
    expect(versions).toEqual([{ id: versionId, status: "ready", epochs: 2 }]);
  });

  it("re-indexes all stored series with the activated version into the stored index, reporting progress", async () => {
    await insertDailySeries(t.db, "AAA", makeDailyRows("2020-01-01", 300, 1));
    await insertDailySeries(t.db, "BBB", makeDailyRows("2021-01-01", 120, 2));
    const versions = await t.db.$queryRaw<{ id: number }[]>`SELECT id FROM model_version WHERE status = 'ready'`;
    await activateModelVersion(t.db, { id: versions[0]!.id });
    const id = randomUUID();
    await t.db.$executeRaw`INSERT INTO job (id, kind, params) VALUES (${id}, 'reindex', '{}'::jsonb)`;
    const state = await runJob(t.db, { id, kind: "reindex", params: {}, handlers: { reindex: reindexHandler(t.db, storeEmbeddingIndex) } });
    const job = await getJob(t.db, { id });
    expect(state, job.error ?? "").toBe("completed");
    expect(job.result).toMatchObject({ versionId: versions[0]!.id, series: 2, candles: 420 });
    expect(Number(job.result!.windows)).toBeGreaterThan(0);
    expect(job.steps.at(-1)).toMatchObject({ step: 2, steps: 2 });
    // the parts are in Postgres for the web server to load
    const parts = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM embedding_index_part WHERE model_version_id = ${versions[0]!.id}`;
    expect(parts[0]!.n).toBe(2);
  });

  it("stops a running training when cancel is requested", async () => {
    const params = { epochs: 40, samples: 200, embeddingSize: 8 };
    const id = await start(params);
    const running = runJob(t.db, { id, kind: "train", params, handlers: { train: trainHandler(t.db) } });
    for (let i = 0; i < 600; i++) {
      const steps = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM job_progress WHERE job_id = ${id} AND step >= 1`;
      if (steps[0]!.n >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await t.db.$executeRaw`UPDATE job SET cancel_requested = true WHERE id = ${id}`;
    expect(await running).toBe("cancelled");
    const job = await getJob(t.db, { id });
    expect(job.state).toBe("cancelled");
    expect(job.steps.filter((s) => s.step > 0).length).toBeLessThan(40);
    const last = await t.db.$queryRaw<{ status: string }[]>`SELECT status FROM model_version ORDER BY id DESC LIMIT 1`;
    expect(last[0]!.status).toBe("failed");
  });
});
