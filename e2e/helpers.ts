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
