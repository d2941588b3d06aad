import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.join("e2e", "screenshots");

/** Saves a full-page screenshot to e2e/screenshots/<name>.png (git-ignored; CI keeps it as an artifact). */
export async function saveScreenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let the chart's canvas settle after the last option change.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Sets the stored theme before any page script runs, so the first paint uses it. */
export async function useStoredTheme(page: Page, theme: "light" | "dark") {
  await page.addInitScript((t) => window.localStorage.setItem("patternscope-theme", t), theme);
}

export async function waitForChart(page: Page) {
  const chart = page.getByTestId("candle-chart");
  await expect(chart).toHaveAttribute("data-ready", "true");
  await expect(chart.locator("canvas").first()).toBeVisible();
  return chart;
}

export const DESKTOP = { width: 1400, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * Elements whose box reaches past the viewport's right edge, unless a scrolling ancestor (a table wrapper, a chart)
 * holds them: the page itself must never scroll sideways. `within` limits the check to one part of the page (a CSS
 * selector). Returns short descriptions for a readable failure.
 */
export async function elementsWiderThanViewport(page: Page, within = "body"): Promise<string[]> {
  return page.evaluate((within) => {
    const vw = document.documentElement.clientWidth;
    const scrolls = (el: Element | null): boolean => {
      for (let p = el?.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
      }
      return false;
    };
    const out: string[] = [];
    const root = document.querySelector(within) ?? document.body;
    for (const el of Array.from(root.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (getComputedStyle(el).visibility === "hidden") continue;
      if (r.right > vw + 1 && !scrolls(el)) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.getAttribute("class") ?? "").split(" ").slice(0, 3).join(".")} right=${Math.round(r.right)} "${(el.textContent ?? "").trim().slice(0, 40)}"`);
      }
    }
    if (root === document.body && document.documentElement.scrollWidth > vw) out.push(`document scrollWidth ${document.documentElement.scrollWidth} > ${vw}`);
    return out.slice(0, 10);
  }, within);
}

/** Pixels of the chart's canvases within `tolerance` of an "#rrggbb" colour: shows that a series was painted. */
export async function countChartPixels(page: Page, testId: string, hex: string, tolerance = 24): Promise<number> {
  return page.getByTestId(testId).evaluate(
    (el, { hex, tolerance }) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      for (const canvas of Array.from(el.querySelectorAll("canvas"))) {
        const ctx = canvas.getContext("2d");
        if (!ctx) continue;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 200 && Math.abs(data[i] - r) <= tolerance && Math.abs(data[i + 1] - g) <= tolerance && Math.abs(data[i + 2] - b) <= tolerance) n++;
        }
      }
      return n;
    },
    { hex, tolerance },
  );
}

export const ADMIN = { email: process.env.E2E_ADMIN_EMAIL ?? "admin@patternscope.test", password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password" };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/signin");
  if (new URL(page.url()).pathname === "/setup") {
    await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
  } else {
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: /Sign in|Create admin/ }).click();
  await page.waitForURL((url) => !["/signin", "/setup"].includes(url.pathname));
}

/**
 * Makes sure a pattern model is active (scans need one): the admin spec trains and activates one earlier in the
 * suite; a spec run on its own trains a tiny one through the admin API (a few seconds).
 */
export async function ensureActiveModel(page: Page) {
  const probe = await page.request.get("/api/scan?pattern=double-bottom");
  if (probe.status() !== 409) return;
  await signIn(page, ADMIN);
  const origin = new URL(page.url()).origin;
  const job = await page.request.post("/api/admin/jobs", { data: { kind: "train", params: { epochs: 2, samples: 400, embeddingSize: 8 } }, headers: { origin } });
  expect(job.status(), await job.text()).toBe(202);
  const { id } = (await job.json()) as { id: string };
  let versionId: unknown;
  await expect
    .poll(async () => {
      const body = (await (await page.request.get(`/api/admin/jobs/${id}`)).json()) as { job?: { state: string; result: { versionId?: unknown } | null }; state?: string; result?: { versionId?: unknown } | null };
      const j = body.job ?? body;
      versionId = j.result?.versionId;
      return j.state;
    }, { timeout: 120_000 })
    .toBe("completed");
  const activated = await page.request.post(`/api/admin/models/${String(versionId)}/activate`, { headers: { origin } });
  expect(activated.status(), await activated.text()).toBeLessThan(300);
}
