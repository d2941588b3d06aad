import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { samplePreset } from "../lib/search/presets";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "../lib/webhooks/sign-webhook";
import { ADMIN, saveScreenshot, signIn } from "./helpers";

type Delivery = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver on loopback (the e2e server runs with WEBHOOK_ALLOW_PRIVATE, playwright.config.ts) that keeps every delivery. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { deliveries, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/patternscope`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A daily series with a clean double bottom planted in a random walk (deterministic): a fresh match of the saved
 * double-bottom search, in a ticker the search has never seen.
 */
function plantedCsv(): string {
  let seed = 17;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const shape = samplePreset({ name: "double-bottom", n: 40 });
  const closes: number[] = [];
  let price = 100;
  for (let i = 0; i < 60; i++) closes.push((price *= 1 + rand() * 0.01));
  const base = price;
  for (const y of shape) closes.push(base * (1 + (y - shape[0]) * 0.25));
  price = closes.at(-1)!;
  for (let i = 0; i < 60; i++) closes.push((price *= 1 + rand() * 0.01 + 0.002));
  const rows = ["Date,Open,High,Low,Close,Volume"];
  const day = new Date(Date.UTC(2019, 0, 2));
  let previous = closes[0];
  for (const close of closes) {
    while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
    const open = previous;
    rows.push(`${day.toISOString().slice(0, 10)},${open.toFixed(4)},${(Math.max(open, close) * 1.002).toFixed(4)},${(Math.min(open, close) * 0.998).toFixed(4)},${close.toFixed(4)},${100_000 + rows.length}`);
    previous = close;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return rows.join("\n");
}

const INVESTOR = { email: `watcher-${Date.now()}@patternscope.test`, password: "e2e-watcher-password" };
const SYMBOL = `DBNEW${Date.now() % 100_000}`;

test("a saved search watches for new data: outcomes and overlays, save with a webhook, an import brings a new match, flagged in the list and on its card, and the signed webhook arrives", async ({ browser }) => {
  test.setTimeout(300_000);
  const receiver = await startReceiver();
  const adminPage = await (await browser.newContext()).newPage();
  const page = await (await browser.newContext()).newPage();
  try {
    await signIn(adminPage, ADMIN);
    const created = await adminPage.request.post("/api/admin/users", { data: { ...INVESTOR, role: "investor" }, headers: { origin: new URL(adminPage.url()).origin } });
    expect(created.status(), await created.text()).toBe(201);

    // 1. The investor searches and reads what came next: a verdict that accounts for overlap and drift, and a fan chart.
    await signIn(page, INVESTOR);
    await page.goto("/search?type=preset&name=double-bottom&k=10");
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 90_000 });
    const panel = page.getByTestId("outcome-panel");
    await expect(panel.getByTestId("verdict-headline")).not.toBeEmpty();
    await expect(panel.getByTestId("edge-verdict")).toContainText(/independent/);
    await expect(panel.getByTestId("verdict-sample")).toContainText(/overlap/);
    await expect(panel.getByTestId("fan-chart").locator("[data-ready=true]")).toBeVisible();
    // The query is drawn over every match.
    const cards = page.getByTestId("match-card");
    const count = await cards.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await expect(cards.nth(i).getByTestId("query-overlay")).toBeVisible();
    expect(await page.locator(`[data-testid=match-card][data-symbol=${SYMBOL}]`).count()).toBe(0);
    await saveScreenshot(page, "story-1-search");

    // 2. Saved on the account with a webhook; the secret is shown once.
    await page.getByTestId("save-search").click();
    const dialog = page.getByTestId("save-search-dialog");
    await dialog.getByLabel("Webhook URL (optional)").fill("ftp://example.com/hook");
    await dialog.getByRole("button", { name: "Save search" }).click();
    await expect(dialog.getByText("An http:// or https:// address")).toBeVisible();
    await dialog.getByLabel("Name").fill("Double bottoms, watched");
    await dialog.getByLabel("Webhook URL (optional)").fill(receiver.url);
    await saveScreenshot(page, "story-2-save-dialog");
    await dialog.getByRole("button", { name: "Save search" }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId("save-search")).toHaveText("Saved");
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const saved = page.getByRole("region", { name: "Saved searches" });
    const item = saved.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Double bottoms, watched" }) });
    await expect(item).toContainText("10 matches");
    await saveScreenshot(page, "story-3-saved");

    // 3. The admin uploads new data on the Data page; the worker imports it and re-runs the saved searches it touches.
    await adminPage.goto("/data");
    await adminPage.getByLabel("Price files", { exact: true }).setInputFiles({ name: `${SYMBOL}.csv`, mimeType: "text/csv", buffer: Buffer.from(plantedCsv()) });
    await adminPage.getByRole("button", { name: "Upload and import" }).click();
    await expect(adminPage.getByTestId("job-step")).toHaveText(`${SYMBOL}.csv: 160 of 160 rows kept, 1 ticker(s)`, { timeout: 120_000 });
    await saveScreenshot(adminPage, "story-4-import");

    // 4. The webhook arrives, signed with the secret the investor was shown, naming the new match.
    await expect.poll(() => receiver.deliveries.length, { timeout: 120_000 }).toBeGreaterThan(0);
    const [delivery] = receiver.deliveries;
    expect(delivery.headers["content-type"]).toBe("application/json");
    const timestamp = String(delivery.headers[WEBHOOK_HEADERS.timestamp]);
    const signature = String(delivery.headers[WEBHOOK_HEADERS.signature]);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body: delivery.body })).toBe(true);
    expect(verifyWebhookSignature({ secret: `${secret}0`, timestamp, signature, body: delivery.body })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, signature, body: delivery.body.replace(SYMBOL, "OTHER") })).toBe(false);
    const event = JSON.parse(delivery.body) as { event: string; data: { savedSearch: { name: string }; newMatches: { symbol: string; start: string; end: string }[] } };
    expect(event.event).toBe("saved-search.new-matches");
    expect(event.data.savedSearch.name).toBe("Double bottoms, watched");
    expect(event.data.newMatches.map((m) => m.symbol)).toContain(SYMBOL);
    const fresh = event.data.newMatches.find((m) => m.symbol === SYMBOL)!;
    // the plant sits on candles 61-100 (2019-03-28 .. 2019-05-22); the match must overlap it
    expect(fresh.start <= "2019-05-22" && fresh.end >= "2019-03-28", JSON.stringify(fresh)).toBe(true);

    // 5. The investor's list says how many are new; opening the search flags the new match on its card.
    await page.reload();
    const n = event.data.newMatches.length;
    await expect(item.getByText(`${n} new`)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("match-card").first().locator("svg")).toBeVisible({ timeout: 60_000 });
    await saveScreenshot(page, "story-5-n-new");
    await item.getByRole("link", { name: "Double bottoms, watched" }).click();
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId("new-since-seen")).toHaveText(`${n} new since you last looked at this saved search.`);
    const card = page.locator(`[data-testid=match-card][data-symbol=${SYMBOL}]`);
    await expect(card).toBeVisible();
    await expect(card.getByText("New", { exact: true })).toBeVisible();
    await expect(card.getByTestId("query-overlay")).toBeVisible();
    await expect(card.locator("svg")).toBeVisible();
    await saveScreenshot(page, "story-6-new-match");
    // seen now: the badge is gone on the next visit
    await page.goto("/search");
    await expect(item).toBeVisible();
    await expect(item.getByText(/\d+ new/)).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
