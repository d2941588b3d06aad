import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBoss } from "@/lib/jobs/boss";
import { cancelJob } from "@/lib/jobs/cancel-job";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { getJob } from "@/lib/jobs/list-jobs";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import type { JobHandlers } from "@/lib/jobs/types";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("job queue (pg-boss) on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let client: PgBoss;
  let worker: Worker | undefined;
  // A gate the "blocking" handler waits on, so the test decides when a running job may go on.
  let release: () => void = () => {};
  const handlers: JobHandlers = {
    train: async ({ params, report }) => {
      const epochs = Number(params.epochs);
      for (let e = 1; e <= epochs; e++) await report({ step: e, steps: epochs, loss: 1 / e, accuracy: e / epochs, etaMs: (epochs - e) * 10 });
      return { trainedEpochs: epochs };
    },
    reindex: async ({ report }) => {
      await report({ step: 0, steps: 1, message: "waiting" });
      await new Promise<void>((resolve) => (release = resolve));
      await report({ step: 1, steps: 1, message: "after release" });
      return {};
    },
    "refresh-prices": async () => {
      throw new Error("provider exploded");
    },
  };

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    client = await startBoss({ url: t.url, role: "client" });
  });
  afterAll(async () => {
    await worker?.stop();
    await client?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it.skipIf(skip)("keeps a queued job while no worker runs, then runs it with per-epoch progress", async () => {
    const { id } = await enqueueJob(t.db, client, { kind: "train", params: { epochs: 3, samples: 200, embeddingSize: 8 } });
    expect((await getJob(t.db, { id })).state).toBe("queued");
    worker = await startWorker(t.db, { url: t.url, handlers, pollingIntervalSeconds: 0.5, schedule: false });
    const job = await waitFor(() => getJob(t.db, { id }), (j) => j.state !== "queued" && j.state !== "running", "the train job");
    expect(job.state).toBe("completed");
    expect(job.result).toEqual({ trainedEpochs: 3 });
    expect(job.steps.map((s) => [s.step, s.loss])).toEqual([[1, 1], [2, 0.5], [3, 1 / 3]]);
    expect((await getJob(t.db, { id, afterSeq: 2 })).steps.map((s) => s.seq)).toEqual([3]);
  });

  it.skipIf(skip)("runs one job at a time, cancels a queued one at once and a running one at its next report", async () => {
    const running = await enqueueJob(t.db, client, { kind: "reindex" });
    await waitFor(() => getJob(t.db, { id: running.id }), (j) => j.steps.length > 0, "the reindex job to start");
    const queued = await enqueueJob(t.db, client, { kind: "train", params: { epochs: 2 } });
    await new Promise((r) => setTimeout(r, 1200));
    // The singleton queue and batchSize 1 keep the second job waiting while the first runs.
    expect((await getJob(t.db, { id: queued.id })).state).toBe("queued");
    expect(await cancelJob(t.db, client, { id: queued.id })).toEqual({ state: "cancelled" });
    expect(await cancelJob(t.db, client, { id: running.id })).toEqual({ state: "running" });
    release();
    const stopped = await waitFor(() => getJob(t.db, { id: running.id }), (j) => j.state !== "running", "the cancel");
    expect(stopped.state).toBe("cancelled");
    expect(stopped.steps.map((s) => s.message)).toEqual(["waiting", "after release"]);
    expect((await getJob(t.db, { id: queued.id })).steps).toEqual([]);
    await expect(cancelJob(t.db, client, { id: queued.id })).rejects.toThrow(/already been cancelled/);
  });

  it.skipIf(skip)("records a handler's error on the job", async () => {
    const { id } = await enqueueJob(t.db, client, { kind: "refresh-prices" });
    const job = await waitFor(() => getJob(t.db, { id }), (j) => j.state === "failed" || j.state === "completed", "the failing job");
    expect(job.state).toBe("failed");
    expect(job.error).toBe("provider exploded");
  });
});
