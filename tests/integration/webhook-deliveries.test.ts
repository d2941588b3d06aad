import http from "node:http";
import type { AddressInfo } from "node:net";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { startBoss } from "@/lib/jobs/boss";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "@/lib/webhooks/sign-webhook";
import { enqueueWebhook, ensureWebhookQueue, WEBHOOK_QUEUE, workWebhooks } from "@/lib/webhooks/webhook-queue";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
const SECRET = "whsec-queue-test-secret";

/** A receiver whose answer depends on the path: /flaky fails twice then succeeds, /down always fails, /gone is 410. */
function receiver() {
  const hits = new Map<string, { delivery: string; valid: boolean; body: string }[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "";
      const list = hits.get(path) ?? [];
      const valid = verifyWebhookSignature({ secret: SECRET, timestamp: req.headers[WEBHOOK_HEADERS.timestamp] as string, signature: req.headers[WEBHOOK_HEADERS.signature] as string, body });
      list.push({ delivery: req.headers[WEBHOOK_HEADERS.delivery] as string, valid, body });
      hits.set(path, list);
      if (path.startsWith("/flaky")) res.writeHead(list.length <= 2 ? 503 : 200).end();
      else if (path.startsWith("/down")) res.writeHead(500).end("down");
      else if (path.startsWith("/gone")) res.writeHead(410).end();
      else res.end("ok");
    });
  });
  return { server, hits };
}

async function waitForState(boss: PgBoss, id: string, states: string[], ms = 40_000) {
  const t0 = Date.now();
  for (;;) {
    const job = await boss.getJobById(WEBHOOK_QUEUE, id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() - t0 > ms) throw new Error(`job ${id} still ${job?.state} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("webhook deliveries through pg-boss on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let boss: PgBoss;
  const { server, hits } = receiver();
  let base = "";
  let userId = 0;
  beforeAll(async () => {
    if (skip) return;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await create();
    boss = await startBoss({ url: t.url, role: "worker" });
    // three tries, the first retry after 1-2 s (the tests' receiver is on loopback: allowed as WEBHOOK_ALLOW_PRIVATE would)
    await ensureWebhookQueue(boss, { attempts: 3, retryDelaySeconds: 1 });
    await workWebhooks(t.db, { boss, allowPrivate: true, pollingIntervalSeconds: 0.5 });
    userId = (await createUser(t.db, { email: "hooks@example.com", password: "hooks-password-1", role: "investor" })).id;
  });

  /** A saved search whose webhook is `path` on the receiver, with the test's secret; its id. */
  const savedSearchWithHook = async (path: string) => {
    const [row] = await t.db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO saved_search (user_id, name, request, webhook_url, webhook_secret)
      VALUES (${userId}, ${path}, '{}'::jsonb, ${base + path}, ${SECRET}) RETURNING id`;
    return String(row.id);
  };
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
    await t?.drop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.skipIf(skip)("delivers, retries a failing receiver until it answers, and gives up after the last try", async () => {
    const payload = { savedSearch: 7, newMatches: [{ symbol: "AAA", end: "2024-05-01" }] };
    const searches = await Promise.all(["/ok", "/flaky", "/down", "/gone"].map(savedSearchWithHook));
    const [ok, flaky, down, gone] = await Promise.all(searches.map((savedSearchId) => enqueueWebhook(boss, { savedSearchId, event: "saved-search.new-matches", payload })));
    const [okJob, flakyJob, downJob, goneJob] = await Promise.all([
      waitForState(boss, ok, ["completed"]),
      waitForState(boss, flaky, ["completed", "failed"]),
      waitForState(boss, down, ["completed", "failed"]),
      waitForState(boss, gone, ["completed", "failed"]),
    ]);
    const body = JSON.parse(hits.get("/ok")![0].body);
    expect(body).toMatchObject({ id: ok, event: "saved-search.new-matches", data: payload });
    expect(okJob.output).toEqual({ delivered: true, status: 200 });

    // failed twice (503), then delivered on the third try, with the same delivery id and a valid signature each time
    expect(flakyJob.state).toBe("completed");
    expect(flakyJob.retryCount).toBe(2);
    expect(hits.get("/flaky")!.map((h) => h.delivery)).toEqual([flaky, flaky, flaky]);
    expect(hits.get("/flaky")!.every((h) => h.valid)).toBe(true);

    // always 500: three tries, then given up
    expect(downJob.state).toBe("failed");
    expect(hits.get("/down")).toHaveLength(3);

    // 410 will not change: one try, recorded, not retried
    expect(goneJob.state).toBe("completed");
    expect(goneJob.output).toEqual({ delivered: false, reason: "answered 410" });
    expect(hits.get("/gone")).toHaveLength(1);
  });

  it.skipIf(skip)("keeps the secret out of the job rows and reads it at delivery time; a deleted search's webhook is not called", async () => {
    const id = await savedSearchWithHook("/ok-later");
    const gone = await savedSearchWithHook("/deleted");
    // queued, not yet worked: pg-boss's own table holds the saved search's id and the payload, never the secret or URL
    const [job, deletedJob] = await Promise.all([id, gone].map((savedSearchId) => enqueueWebhook(boss, { savedSearchId, event: "saved-search.new-matches", payload: { n: 1 } })));
    await t.db.$executeRaw`DELETE FROM saved_search WHERE id = ${gone}::bigint`;
    const rows = await t.db.$queryRaw<{ id: string; data: string }[]>`SELECT id::text, data::text FROM pgboss.job WHERE name = ${WEBHOOK_QUEUE}`;
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([job, deletedJob]));
    for (const row of rows) {
      expect(row.data).not.toContain(SECRET);
      expect(row.data).not.toContain(base);
      expect(JSON.parse(row.data)).toHaveProperty("savedSearchId");
    }
    const [done, skipped] = await Promise.all([waitForState(boss, job, ["completed", "failed"]), waitForState(boss, deletedJob, ["completed", "failed"])]);
    expect(done.output).toEqual({ delivered: true, status: 200 });
    expect(hits.get("/ok-later")![0].valid).toBe(true);
    expect(skipped).toMatchObject({ state: "completed", output: { delivered: false, reason: "the saved search or its webhook no longer exists" } });
    expect(hits.has("/deleted")).toBe(false);
  });
});
