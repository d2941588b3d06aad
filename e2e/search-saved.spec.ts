import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

test.describe("saved searches on the account", () => {
  test("the browser's saved list moves to the account once, a search saves on the server, reopens with what is new, and is removed", async ({ page }) => {
    await page.goto("/search");
    // A search saved in this browser before signing in.
    await page.evaluate(() => localStorage.setItem("patternscope-saved-searches", JSON.stringify([{ id: "local1", url: "/search?type=preset&name=double-top", label: "Double top", savedAt: new Date().toISOString(), lastRunAt: null, seen: [] }])));
    await signIn(page, ADMIN);
    await page.goto("/search?type=preset&name=double-bottom&k=10");
    const saved = page.getByRole("region", { name: "Saved searches" });
    await expect(saved.getByRole("status")).toHaveText("Moved 1 saved search from this browser to your account.", { timeout: 60_000 });
    await expect(saved.getByRole("link", { name: "Double top" })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem("patternscope-saved-searches"))).toBe("[]");

    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await page.getByTestId("save-search").click();
    // Signed in, the search is named first (the webhook is optional: none here, so no secret is shown).
    const dialog = page.getByTestId("save-search-dialog");
    await expect(dialog.getByLabel("Name")).toHaveValue("Double bottom");
    await dialog.getByRole("button", { name: "Save search" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("save-search")).toHaveText("Saved");
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    const item = saved.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Double bottom" }) });
    await expect(item).toContainText("10 matches");

    // On the server: another page load lists it, and opening it marks it seen.
    const list = (await (await page.request.get("/api/saved-searches")).json()) as { savedSearches: { id: string; name: string; lastSeenAt: string }[] };
    const mine = list.savedSearches.find((s) => s.name === "Double bottom")!;
    await page.reload();
    // The link names the saved search; the page runs it, reads which matches are new and marks it seen.
    const markedSeen = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`/api/saved-searches/${mine.id}/seen`), { timeout: 60_000 });
    await saved.getByRole("link", { name: "Double bottom" }).click();
    await markedSeen;
    await expect(page.getByTestId("search-results")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("save-search")).toHaveText("Saved");
    await expect.poll(async () => ((await (await page.request.get(`/api/saved-searches/${mine.id}`)).json()) as { savedSearch: { lastSeenAt: string } }).savedSearch.lastSeenAt).not.toBe(mine.lastSeenAt);

    for (const name of ["Double bottom", "Double top"]) {
      await saved.getByRole("button", { name: `Remove ${name}` }).click();
      await expect(saved.getByRole("link", { name })).toHaveCount(0);
    }
  });
});
