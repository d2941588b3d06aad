import { expect, test } from "@playwright/test";
import { waitForChart } from "./helpers";

// The pages run under a nonce-only script policy (proxy.ts): hydration, the theme script and the ECharts canvas
// must all work with no CSP violation reported by the browser.
test("pages hydrate and draw charts with no Content-Security-Policy violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to execute: CSP ${event.violatedDirective} ${event.blockedURI}`));
  });
  for (const path of ["/", "/t/SPX", "/search"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  }
  await page.goto("/t/SPX");
  await waitForChart(page);
  // Hydrated: a client-side control works (the theme toggle flips the class the inline theme script set).
  const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.getByTestId("theme-toggle").click();
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!dark);
  expect(violations).toEqual([]);
});
