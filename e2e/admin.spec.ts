import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, DESKTOP, PHONE, elementsWiderThanViewport, saveScreenshot, signIn, useStoredTheme } from "./helpers";

/**
 * Admin flow end to end. Needs from the rest of the app: the start script running the job worker next to the web
 * server (`npm run worker`, or spawned by `npm start`), the header mounting <UserMenu/>, and POST /api/search with
 * method "model" reporting the model version it used. The admin is created on the first-run /setup screen when
 * the server has no account yet, else signed in with E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD (ADMIN_* of the server).
 */
const INVESTOR = { email: `investor-${Date.now()}@patternscope.test`, password: "e2e-investor-password" };

test("admin retrains, watches the curves, activates the version, and model search uses it", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);

  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings" })).toBeVisible(); // the header's user menu

  // The form starts at the job's defaults, and the text names the same numbers.
  const epochsDefault = await page.getByLabel("Epochs").inputValue();
  await expect(page.getByTestId("train-help")).toContainText(`defaults (${epochsDefault} epochs`);

  // A short retraining: few epochs and samples so the run takes seconds, not minutes.
  await page.getByLabel("Epochs").fill("4");
  await page.getByLabel("Samples per epoch").fill("600");
  await page.getByLabel("Embedding size").fill("16");
  await page.getByRole("button", { name: "Start training" }).click();

  const progress = page.getByTestId("job-progress");
  await expect(progress).toBeVisible();
  await expect(progress, "the job stays queued: is the worker running?").toHaveAttribute("data-state", /running|completed/, { timeout: 60_000 });
  const jobId = await progress.getAttribute("data-job-id");
  // One job at a time: while it runs, Start cannot queue a second one.
  if ((await progress.getAttribute("data-state")) === "running") await expect(page.getByRole("button", { name: /A job is running|Start training/ })).toBeDisabled();
  // After a reload the panel follows the same job, with its progress so far.
  await page.reload();
  await expect(progress).toHaveAttribute("data-job-id", jobId!);

  // The chart moves: the number of drawn epochs grows while the job runs.
  const chart = page.getByTestId("training-chart");
  await expect(chart).toHaveAttribute("data-points", /^[1-9]/, { timeout: 120_000 });
  const firstSeen = Number(await chart.getAttribute("data-points"));
  await saveScreenshot(page, "admin-settings-training");
  await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 180_000 }).toBeGreaterThan(Math.min(firstSeen, 3));
  await expect(page.getByTestId("job-state")).toHaveText("completed", { timeout: 180_000 });
  await expect(chart).toHaveAttribute("data-points", "4");
  await expect(chart.locator("canvas").first()).toBeVisible();
  const stored = await progress.getByText(/Stored as version \d+/).textContent();
  const versionId = Number(/version (\d+)/.exec(stored ?? "")?.[1]);
  expect(versionId).toBeGreaterThan(0);
  await saveScreenshot(page, "admin-settings-trained");

  // Activate it from the versions table (the page refreshed when the job ended).
  const row = page.getByTestId(`version-${versionId}`);
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /Activate|Roll back/ }).click();
  await expect(row.getByText("active", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("job-state")).toHaveText(/running|completed|failed/, { timeout: 60_000 });
  await expect(page.getByTestId("audit-log")).toContainText(`Activated a model versionv${versionId}`);

  // A model search now reports the new version.
  const answer = await page.request.post("/api/search", {
    data: { method: "model", query: { type: "preset", name: "double-bottom" }, topK: 5 },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  // the contract of a model search answer (ModelSearchResult in lib/search-server/run-model-search.ts)
  expect((await answer.json()).model).toEqual({ id: versionId, version: versionId, name: expect.any(String), windows: expect.any(Number) });
  await saveScreenshot(page, "admin-settings-activated");

  // The audit log reads in words: no job UUIDs.
  await expect(page.getByTestId("audit-log")).toContainText("Started training (4 epochs × 600 samples");
  expect(await page.getByTestId("audit-log").textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
});

test("activating a version that scored lower than the active one asks first", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);
  const origin = new URL(page.url()).origin;
  // A second, tinier model next to whatever is active (the test above leaves one active).
  const job = await page.request.post("/api/admin/jobs", { data: { kind: "train", params: { epochs: 1, samples: 200, embeddingSize: 8 } }, headers: { origin } });
  expect(job.status(), await job.text()).toBe(202);
  const { id } = (await job.json()) as { id: string };
  await expect.poll(async () => ((await (await page.request.get(`/api/admin/jobs/${id}`)).json()) as { state: string }).state, { timeout: 180_000 }).toBe("completed");
  type Version = { id: number; isActive: boolean; status: string; metrics: { accuracy?: number } };
  const versions = async () => ((await (await page.request.get("/api/admin/models")).json()) as { versions: Version[] }).versions.filter((v) => v.status === "ready");
  let list = await versions();
  const ready = list.filter((v) => v.metrics.accuracy != null);
  expect(ready.length).toBeGreaterThanOrEqual(2);
  let active = list.find((v) => v.isActive);
  if (!active) {
    const activated = await page.request.post(`/api/admin/models/${ready[0].id}/activate`, { headers: { origin } });
    expect(activated.status()).toBe(200);
    list = await versions();
    active = list.find((v) => v.isActive)!;
  }
  // The weakest ready version other than the active one; if every other one is better, make the best one active first.
  const current = active;
  let worse = ready.filter((v) => v.id !== current.id && v.metrics.accuracy! < current.metrics.accuracy!).sort((a, b) => a.metrics.accuracy! - b.metrics.accuracy!)[0];
  if (!worse) {
    const best = [...ready].sort((a, b) => b.metrics.accuracy! - a.metrics.accuracy!)[0];
    expect((await page.request.post(`/api/admin/models/${best.id}/activate`, { headers: { origin } })).status()).toBe(200);
    worse = ready.filter((v) => v.metrics.accuracy! < best.metrics.accuracy!)[0];
    active = best;
  }
  expect(worse, "two versions with different hold-out accuracy").toBeTruthy();

  await page.goto("/settings");
  const dialog = page.getByTestId("confirm-activate");
  await page.getByTestId(`version-${worse.id}`).getByRole("button", { name: /Activate|Roll back/ }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Activate v${worse.id}, which scored lower?`);
  await expect(dialog).toContainText(`${(worse.metrics.accuracy! * 100).toFixed(1)}%`);
  await expect(dialog).toContainText(`${(active.metrics.accuracy! * 100).toFixed(1)}%`);
  await saveScreenshot(page, "admin-settings-confirm-activate");
  // Keeping the active version changes nothing.
  await dialog.getByRole("button", { name: `Keep v${active.id}` }).click();
  await expect(dialog).toBeHidden();
  expect((await versions()).find((v) => v.isActive)?.id).toBe(active.id);
  // Confirming activates it.
  await page.getByTestId(`version-${worse.id}`).getByRole("button", { name: /Activate|Roll back/ }).click();
  await dialog.getByRole("button", { name: `Activate v${worse.id}` }).click();
  await expect(page.getByTestId(`version-${worse.id}`).getByText("active", { exact: true })).toBeVisible({ timeout: 60_000 });
  // Leave the better model active for the specs that scan and search after this one.
  expect((await page.request.post(`/api/admin/models/${active.id}/activate`, { headers: { origin } })).status()).toBe(200);
});

test("cancelling a running training asks first, and Keep it running keeps it", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  const readyVersions = async () => ((await (await page.request.get("/api/admin/models")).json()) as { versions: { status: string }[] }).versions.filter((v) => v.status === "ready").length;
  const readyBefore = await readyVersions();
  await page.goto("/settings");
  // Long enough to be caught running: many epochs of a small model.
  await page.getByLabel("Epochs", { exact: true }).fill("40");
  await page.getByLabel("Samples per epoch").fill("800");
  await page.getByLabel("Embedding size").fill("8");
  await page.getByRole("button", { name: "Start training" }).click();
  const progress = page.getByTestId("job-progress");
  await expect(progress).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  const jobId = (await progress.getAttribute("data-job-id"))!;
  const jobState = async () => ((await (await page.request.get(`/api/admin/jobs/${jobId}`)).json()) as { state: string; cancelRequested: boolean });

  const dialog = page.getByTestId("confirm-cancel-job");
  await progress.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toContainText("Cancel this train job?");
  await expect(dialog).toContainText("The training so far is lost: no model version is stored.");
  await saveScreenshot(page, "admin-settings-confirm-cancel");
  await dialog.getByRole("button", { name: "Keep it running" }).click();
  await expect(dialog).toBeHidden();
  expect(await jobState()).toMatchObject({ state: "running", cancelRequested: false });

  await progress.getByRole("button", { name: "Cancel" }).click();
  await dialog.getByRole("button", { name: "Cancel the job" }).click();
  await expect(page.getByTestId("job-state")).toHaveText("cancelled", { timeout: 120_000 });
  expect(await readyVersions(), "a cancelled training stores no usable version").toBe(readyBefore);
});

test("settings fit a phone screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, ADMIN);
  await page.goto("/settings");
  await expect(page.getByTestId("jobs-table")).toBeVisible();
  expect(await elementsWiderThanViewport(page)).toEqual([]);
  await saveScreenshot(page, "admin-settings-phone");
  await context.close();
});

test("an investor sees no settings link and gets 403 on the admin pages", async ({ page, browser }) => {
  // The admin creates the investor through the admin API (same session cookie as the browser).
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, ADMIN);
  const created = await adminPage.request.post("/api/admin/users", {
    data: { ...INVESTOR, role: "investor" },
    headers: { origin: new URL(adminPage.url()).origin },
  });
  expect(created.status(), await created.text()).toBe(201);

  await signIn(page, INVESTOR);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Data", exact: true })).toHaveCount(0);
  for (const path of ["/settings", "/data", "/users"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    // The app's own page, inside its header: who is signed in, and where to go instead.
    const forbidden = page.getByTestId("forbidden");
    await expect(forbidden.getByRole("heading", { name: "This page is for admins" })).toBeVisible();
    await expect(forbidden).toContainText(`signed in as ${INVESTOR.email}, an investor`);
    await expect(page.getByRole("banner").getByRole("link", { name: "Markets" })).toBeVisible();
    await expect(forbidden.getByRole("link", { name: "Back to markets" })).toHaveAttribute("href", "/");
  }
  await saveScreenshot(page, "admin-investor-403");
  const api = await page.request.get("/api/admin/jobs");
  expect(api.status()).toBe(403);
});

test("anonymous visitors are sent to sign in from the admin pages", async ({ request }: { request: APIRequestContext }) => {
  const response = await request.get("/settings", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toContain("/signin?next=%2Fsettings");
});

test("the Data page numbers its rows, says why rows were refused, and deletes a ticker only through the dialog", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  await page.goto("/data");
  await expect(page.getByTestId("refresh-status")).toContainText("Next scheduled refresh");
  await expect(page.getByTestId("tickers-table").locator("tbody tr").first().locator("td").first()).toHaveText("1");

  // Errors sit on the field they concern: no file chosen, a symbol the server refuses (its own rule, in words).
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByLabel("Price files", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Choose one or more files first")).toBeVisible();
  const symbol = page.getByLabel("Symbol", { exact: true });
  await symbol.fill("BAD SYMBOL!");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(symbol).toHaveAttribute("aria-invalid", "true");
  const symbolError = page.locator(`[id="${(await symbol.getAttribute("aria-describedby"))!.split(" ").pop()}"]`);
  await expect(symbolError).toHaveText(/^Letters, digits/);
  await saveScreenshot(page, "admin-data-field-errors");

  // An upload with a row lacking its close: the report names the reason and the line, not in a tooltip.
  const csv = ["Date,Open,High,Low,Close,Volume", "2024-01-02,10,11,9,10.5,1000", "2024-01-03,10.5,12,10,11,1200", "2024-01-04,11,11.5,10.9,,900", "2024-01-05,11.2,11.4,10.8,11.1,1100"].join("\n");
  await page.getByLabel("Price files", { exact: true }).setInputFiles({ name: "E2EDEL.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByTestId("upload-rejections")).toContainText("missing close: 1 (line 4)", { timeout: 90_000 });
  // A finished import says how its file went in rows, not as a step counter stopped short ("step 3/4").
  await expect(page.getByTestId("job-step")).toHaveText("E2EDEL.csv: 3 of 4 rows kept, 1 ticker(s)");
  await saveScreenshot(page, "admin-data-upload-report");

  // Deleting asks first: the dialog holds Delete back until the symbol is typed; Escape keeps the ticker.
  const row = page.getByTestId("ticker-E2EDEL");
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByTestId("confirm-delete-ticker");
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole("button", { name: "Delete E2EDEL" });
  await expect(confirm).toBeDisabled();
  await saveScreenshot(page, "admin-data-confirm-delete");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Delete…" }).click();
  await dialog.getByLabel("Type E2EDEL to confirm").fill("e2edel");
  await confirm.click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("ticker-SPX")).toBeVisible();
});

test("an upload of several files says, per file, the layout and the dialect the importer detected", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  await page.goto("/data");
  const european = ["Date;Open;High;Low;Close;Volume", "02.01.2024;1.234,50;1.240,00;1.230,25;1.238,75;1.234.567", "03.01.2024;1.238,75;1.245,10;1.235,00;1.241,20;987.654"].join("\n");
  const investing = ['"Date","Price","Open","High","Low","Vol.","Change %"', '"01/16/2024","1,080.25","1,074.06","1,085.50","1,070.00","135.48M","0.58%"', '"01/12/2024","1,074.06","1,069.00","1,078.20","1,065.30","98.20M","0.47%"'].join("\n");
  const polygon = JSON.stringify({ ticker: "E2EPOLY", resultsCount: 1, results: [{ o: 10, h: 11, l: 9, c: 10.5, v: 100, t: Date.UTC(2024, 0, 2) }] });
  await page.getByLabel("Price files", { exact: true }).setInputFiles([
    { name: "E2EEURO.csv", mimeType: "text/csv", buffer: Buffer.from(european) },
    { name: "E2EINV.csv", mimeType: "text/csv", buffer: Buffer.from(investing) },
    { name: "E2EPOLY.json", mimeType: "application/json", buffer: Buffer.from(polygon) },
  ]);
  await page.getByRole("button", { name: "Upload and import" }).click();
  const rows = page.getByTestId("upload-report").locator("tbody tr");
  await expect(rows).toHaveCount(3, { timeout: 90_000 });
  await expect(rows.nth(0)).toContainText("generic-csv");
  await expect(rows.nth(0).getByTestId("upload-detected")).toHaveText("semicolon-delimited, decimal comma, thousands point, dates DD.MM.YYYY");
  await expect(rows.nth(1)).toContainText("investing-csv");
  await expect(rows.nth(1).getByTestId("upload-detected")).toHaveText("comma-delimited, decimal point, thousands comma, volumes with K/M/B, dates MM/DD/YYYY, newest first, ignored: Change %");
  await expect(rows.nth(2)).toContainText("polygon-json");
  await saveScreenshot(page, "admin-data-upload-dialects");
});

test.describe("admin and account pages in both themes at desktop and phone widths", () => {
  for (const theme of ["light", "dark"] as const) {
    for (const [label, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      test(`${label} ${theme}`, async ({ browser }) => {
        test.setTimeout(120_000);
        const context = await browser.newContext({ viewport, ...(label === "phone" ? { isMobile: true, hasTouch: true } : {}) });
        const page = await context.newPage();
        await useStoredTheme(page, theme);
        await page.goto("/signin");
        await saveScreenshot(page, `ui-signin-${label}-${theme}`);
        await signIn(page, ADMIN);
        for (const path of ["/data", "/settings", "/users", "/account", "/no-such-page"]) {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
          await expect(page.locator("h1").first()).toBeVisible();
          // The training chart loads ECharts on its own: wait for its canvas so the screenshot shows the curves.
          if (path === "/settings" && (await page.getByTestId("training-chart").count())) await expect(page.getByTestId("training-chart").locator("canvas").first()).toBeVisible();
          expect(await elementsWiderThanViewport(page), path).toEqual([]);
          await saveScreenshot(page, `ui-${path.slice(1)}-${label}-${theme}`);
        }
        await context.close();
      });
    }
  }
});
