import { expect, test, type Locator, type Page } from "@playwright/test";
import { ADMIN, DESKTOP, PHONE, elementsWiderThanViewport, saveScreenshot, signIn, useStoredTheme } from "./helpers";

async function expectInside(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, "starts on screen").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, "ends on screen").toBeLessThanOrEqual(width);
}

test.describe("phone layout", () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test("the header folds into a menu that holds every control, and Markets fits", async ({ page }) => {
    await useStoredTheme(page, "light");
    await page.goto("/");
    await expect(page.locator('tr[data-symbol="SPX"]')).toBeVisible();
    const menu = page.getByTestId("header-menu");
    await expect(menu).toBeHidden();
    // The Change column is on screen, not clipped.
    await expectInside(page, page.locator('tr[data-symbol="SPX"] td').nth(3));
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    await saveScreenshot(page, "markets-phone");

    await page.getByTestId("header-menu-button").click();
    await expect(menu).toBeVisible();
    for (const name of ["Markets", "Search", "Scan", "Sign in"]) await expectInside(page, menu.getByRole("link", { name, exact: true }));
    await expectInside(page, menu.getByTestId("theme-toggle"));
    await saveScreenshot(page, "header-menu-phone");
    // Following a link closes the menu.
    await menu.getByRole("link", { name: "Scan", exact: true }).click();
    await expect(page).toHaveURL(/\/scan/);
    await expect(menu).toBeHidden();
  });

  test("an admin reaches Settings, Data, Account and Sign out from the menu", async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto("/");
    await page.getByTestId("header-menu-button").click();
    const menu = page.getByTestId("header-menu");
    for (const name of ["Settings", "Data", "Account"]) await expectInside(page, menu.getByRole("link", { name, exact: true }));
    await expectInside(page, menu.getByRole("button", { name: "Sign out" }));
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    await saveScreenshot(page, "header-menu-admin-phone");
  });
});

test.describe("desktop layout", () => {
  test.use({ viewport: DESKTOP });

  test("the header shows its links inline and the sparklines name their periods", async ({ page }) => {
    await useStoredTheme(page, "light");
    await page.goto("/");
    await expect(page.getByTestId("header-menu-button")).toBeHidden();
    await expect(page.getByTestId("header-menu").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(page.locator('tr[data-symbol="AAPL-SAMPLE"] [data-testid=spark-cadence]')).toHaveText("monthly");
    await expect(page.locator('tr[data-symbol="AAPL-SAMPLE"] svg[role=img]')).toHaveAttribute("aria-label", /^Last \d+ months/);
    await expect(page.locator('tr[data-symbol="SPX"] svg[role=img]')).toHaveAttribute("aria-label", /^Last 90 trading days/);
    expect(await elementsWiderThanViewport(page)).toEqual([]);
    await saveScreenshot(page, "markets-desktop");
  });
});

test.describe("API docs", () => {
  for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
    test(`list every operation with who may call it, without literal backticks (${name})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const spec = (await (await page.request.get("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
      await page.goto("/docs/api");
      await expect(page.getByTestId("op-auth")).toHaveCount(operations);
      await expect(page.locator("section", { hasText: "/api/admin/jobs" }).first().getByTestId("op-auth")).toHaveText("Sign-in: session cookie or Bearer token");
      expect(await page.locator("main").textContent()).not.toContain("`");
      expect(await elementsWiderThanViewport(page)).toEqual([]);
      await saveScreenshot(page, `api-docs-${name}`);
    });
  }
});
