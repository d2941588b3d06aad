import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf } from "@/ml/backend";
import { classifyWindows, embedWindows } from "@/ml/model";
import { generateDataset } from "@/ml/synthetic";
import { activateModelVersion } from "@/lib/model/activate-model-version";
import { listModelVersions } from "@/lib/model/list-model-versions";
import { loadModelVersion } from "@/lib/model/load-model-version";
import { trainAndStoreModel } from "@/lib/model/train-and-store-model";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const TINY = { epochs: 1, samples: 180, holdoutSamples: 90, batchSize: 60, embeddingSize: 8 };

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("model versions on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (!skip) t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip)("trains, stores, activates and loads a version that predicts the same", async () => {
    const epochs: number[] = [];
    const trained = await trainAndStoreModel(t.db, { training: { ...TINY, seed: 2 }, activate: true, onProgress: (p) => p.phase === "epoch" && epochs.push(p.epoch) });
    expect(epochs).toEqual([1]);
    const loaded = await loadModelVersion(t.db);
    expect(loaded?.id).toBe(trained.id);
    expect(loaded!.config).toEqual(trained.model.config);

    const data = generateDataset({ samples: 20, seed: 99 });
    const rows = { inputs: data.inputs, samples: data.samples };
    expect(Array.from(embedWindows({ model: loaded!, ...rows }))).toEqual(Array.from(embedWindows({ model: trained.model, ...rows })));
    expect(Array.from(classifyWindows({ model: loaded!, ...rows }))).toEqual(Array.from(classifyWindows({ model: trained.model, ...rows })));

    const [info] = await listModelVersions(t.db);
    expect(info).toMatchObject({ id: trained.id, status: "ready", isActive: true, backend: "wasm" });
    expect(info.curves).toHaveLength(1);
    expect(info.metrics).toMatchObject({ samples: 90, accuracy: trained.metrics.accuracy });
    expect(info.config.training.seed).toBe(2);
    expect(info.peakRssMb).toBeGreaterThan(0);
    expect(info.trainingMs).toBeGreaterThan(0);
    loaded!.model.dispose();
    trained.model.model.dispose();
  });

  it.skipIf(skip)("keeps exactly one active version and refuses to activate a failed one", async () => {
    const second = await trainAndStoreModel(t.db, { training: { ...TINY, seed: 3 } });
    const before = await listModelVersions(t.db);
    expect(before.filter((v) => v.isActive)).toHaveLength(1);
    await activateModelVersion(t.db, { id: second.id });
    const after = await listModelVersions(t.db);
    expect(after.filter((v) => v.isActive).map((v) => v.id)).toEqual([second.id]);

    await expect(trainAndStoreModel(t.db, { training: { ...TINY, samples: 0, batchSize: 0 } })).rejects.toThrow();
    const failed = (await listModelVersions(t.db))[0];
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeTruthy();
    await expect(activateModelVersion(t.db, { id: failed.id })).rejects.toThrow(/failed/);
    await expect(loadModelVersion(t.db, { id: failed.id })).rejects.toThrow(/no weights/);
    await expect(t.db.$executeRaw`UPDATE model_version SET is_active = true WHERE id <> ${second.id}`).rejects.toThrow();
    expect((await loadModelVersion(t.db))?.id).toBe(second.id);
    second.model.model.dispose();
    expect(tf.getBackend()).toBe("wasm");
  });
});
