import http from "node:http";
import type { AddressInfo } from "node:net";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { startBoss } from "@/lib/jobs/boss";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { startWorker, type Worker } from "@/lib/jobs/start-worker";
import { createSavedSearch } from "@/lib/saved-searches/create-saved-search";
import { getSavedSearch } from "@/lib/saved-searches/get-saved-search";
import { runSavedSearch } from "@/lib/saved-searches/run-saved-search";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "@/lib/webhooks/sign-webhook";
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

describe.skipIf(!hasPostgres)("the worker re-runs saved searches after a data job (PostgreSQL)", () => {
  let t: TestDatabase;
  let worker: Worker;
  let client: PgBoss;
  const saved = { ...process.env };
  const deliveries: { body: string; timestamp: string; signature: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), timestamp: req.headers[WEBHOOK_HEADERS.timestamp] as string, signature: req.headers[WEBHOOK_HEADERS.signature] as string });
      res.end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    t = await createPostgresDatabase();
    await insertDailySeries(t.db, "AAA", makeDailyRows("2014-01-01", 300, 3));
    // a "refresh" that brings a new ticker whose candles come after everything else
    const handlers = { "refresh-prices": async () => void (await insertDailySeries(t.db, "CCC", makeDailyRows("2015-06-01", 120, 9))) };
    worker = await startWorker(t.db, { url: t.url, handlers, pollingIntervalSeconds: 0.5, schedule: false });
    client = await startBoss({ url: t.url, role: "client" });
  });
  afterAll(async () => {
    process.env = saved;
    await client?.stop({ graceful: false, wait: true, timeout: 5000 });
    await worker?.stop();
    await t?.drop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("flags the new matches and fires the webhook once the refresh completes", async () => {
    const user = await createUser(t.db, { email: "carol@example.com", password: "carol-password-1", role: "investor" });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const { id, webhookSecret } = await createSavedSearch(t.db, { userId: user.id, allowPrivate: true, body: { name: "GG", request: { query: { type: "sequence", pattern: "GG" }, topK: 5 }, webhookUrl: url } });
    await runSavedSearch(t.db, { id, search: (request) => runSearchRequest(t.db, { body: request }) });
    expect((await getSavedSearch(t.db, { userId: user.id, id })).newSinceSeen).toBe(0);

    await enqueueJob(t.db, client, { kind: "refresh-prices" });
    let detail = await getSavedSearch(t.db, { userId: user.id, id });
    for (let i = 0; i < 150 && detail.newSinceSeen === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      detail = await getSavedSearch(t.db, { userId: user.id, id });
    }
    expect(detail.newSinceSeen).toBeGreaterThan(0);
    expect(detail.history.filter((m) => m.isNew).every((m) => m.symbol === "CCC")).toBe(true);
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(deliveries).toHaveLength(1);
    expect(verifyWebhookSignature({ secret: webhookSecret!, timestamp: deliveries[0].timestamp, signature: deliveries[0].signature, body: deliveries[0].body })).toBe(true);
    expect(JSON.parse(deliveries[0].body).data.newMatches).toHaveLength(detail.newSinceSeen);
  });
});
