import { expect, test, type Page } from "@playwright/test";
import { saveScreenshot } from "./helpers";

/** The admin's Users page and a user's own password change, in Chromium. The admin comes from ADMIN_* (playwright.config.ts). */
const ADMIN = { email: process.env.E2E_ADMIN_EMAIL ?? "admin@patternscope.test", password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password" };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
}

test("an admin manages users on the Users page; the user changes their password on /account", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const email = `analyst-${Date.now()}@patternscope.test`;
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByTestId(`user-${ADMIN.email}`)).toContainText("you");

  // Bad values are refused on their fields, with the rule in words, before anything is sent.
  await expect(page.getByText("10 to 200 characters. Leave empty to generate one.")).toBeVisible();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Not an email address")).toBeVisible();
  await expect(page.getByLabel("Initial password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("At least 10 characters (this one has 5)")).toBeVisible();
  await saveScreenshot(page, "users-field-errors");
  await page.getByLabel("Initial password").fill("");

  // Add a user with a generated password.
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Add user" }).click();
  const generated = (await page.getByTestId("generated-password").textContent())!.trim();
  expect(generated).toMatch(/^[A-Za-z0-9_-]{18}$/);
  const row = page.getByTestId(`user-${email}`);
  await expect(row).toContainText("Active");

  // A role change asks first and says what changes; Cancel keeps the role.
  const role = page.getByLabel(`Role of ${email}`);
  const roleDialog = page.getByTestId("confirm-role");
  await role.selectOption("admin");
  await expect(roleDialog).toContainText(`Make ${email} an admin?`);
  await expect(roleDialog).toContainText("delete users, import and delete tickers");
  await saveScreenshot(page, "users-confirm-role");
  await roleDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(roleDialog).toBeHidden();
  await expect(role).toHaveValue("investor");
  expect(((await (await page.request.get("/api/admin/users")).json()) as { users: { email: string; role: string }[] }).users.find((u) => u.email === email)?.role).toBe("investor");
  // Promote, then demote again, each through the dialog.
  await role.selectOption("admin");
  await roleDialog.getByRole("button", { name: "Make admin" }).click();
  await expect(page.getByRole("status")).toContainText(`${email} is now an admin`);
  await expect(role).toHaveValue("admin");
  await role.selectOption("investor");
  await expect(roleDialog).toContainText("they lose the Users, Data and Settings pages");
  await roleDialog.getByRole("button", { name: "Make investor" }).click();
  await expect(page.getByRole("status")).toContainText(`${email} is now an investor`);

  // Disabling asks first; cancel changes nothing, confirm disables.
  await row.getByRole("button", { name: "Disable" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Disable ${email}?`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable user" }).click();
  await expect(row).toContainText("Disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText("Active");
  await expect(page.getByTestId("account-audit")).toContainText("Disabled the account");
  await saveScreenshot(page, "users-page");

  // The user signs in with the generated password and changes it on /account.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await signIn(userPage, { email, password: generated });
  await userPage.goto("/account");
  await expect(userPage.getByRole("heading", { name: "Account" })).toBeVisible();
  // The rule is said up front; a too-short password is refused on its field without a request.
  await expect(userPage.getByText("10 to 200 characters.")).toBeVisible();
  await userPage.getByLabel("Current password").fill(generated);
  await userPage.getByLabel("New password", { exact: true }).fill("tiny");
  await userPage.getByRole("button", { name: "Change password" }).click();
  await expect(userPage.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(userPage.getByText("At least 10 characters (this one has 4)")).toBeVisible();
  // The server's answer lands on its field too.
  await userPage.getByLabel("Current password").fill("not-my-password");
  await userPage.getByLabel("New password", { exact: true }).fill("analyst-new-password");
  await userPage.getByLabel("Repeat new password").fill("analyst-new-password");
  await userPage.getByRole("button", { name: "Change password" }).click();
  await expect(userPage.getByText("that is not your current password")).toBeVisible();
  await expect(userPage.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await saveScreenshot(userPage, "account-field-error");
  await userPage.getByLabel("Current password").fill(generated);
  await userPage.getByRole("button", { name: "Change password" }).click();
  await expect(userPage.getByRole("status")).toContainText("Password changed");
  // This browser stays signed in with its fresh session.
  await userPage.reload();
  await expect(userPage.getByText(`Signed in as ${email}`)).toBeVisible();
  // A token needs a name: an empty one is refused on the field, in words.
  await userPage.getByRole("button", { name: "Create token" }).click();
  await expect(userPage.getByLabel("Token name")).toHaveAttribute("aria-invalid", "true");
  await expect(userPage.getByText("Give the token a name")).toBeVisible();
  // A read-only token that expires in 30 days.
  await userPage.getByLabel("Token name").fill("nightly export");
  await userPage.getByLabel("Expires in").selectOption("30");
  await userPage.getByRole("button", { name: "Create token" }).click();
  await expect(userPage.getByTestId("new-token")).toHaveText(/^psk_/);
  await expect(userPage.getByRole("row", { name: /nightly export/ })).toContainText("read-only");
  await saveScreenshot(userPage, "account-page");
  // Revoking asks first: Cancel keeps the token.
  const tokenRow = userPage.getByRole("row", { name: /nightly export/ });
  await tokenRow.getByRole("button", { name: "Revoke" }).click();
  await expect(userPage.getByRole("dialog")).toContainText("Revoke the token “nightly export”?");
  await userPage.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(userPage.getByRole("dialog")).toBeHidden();
  await expect(tokenRow).toBeVisible();
  await tokenRow.getByRole("button", { name: "Revoke" }).click();
  await userPage.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(tokenRow).toHaveCount(0);

  // Sign out everywhere ends this session too; the new password works, the old one does not.
  await userPage.getByRole("button", { name: "Sign out everywhere" }).click();
  await userPage.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await userPage.waitForURL(/\/signin/);
  const oldPassword = await userPage.request.post("/api/auth/signin", { data: { email, password: generated }, headers: { origin: new URL(userPage.url()).origin } });
  expect(oldPassword.status()).toBe(401);
  await signIn(userPage, { email, password: "analyst-new-password" });
  await userContext.close();

  // Reset the password (confirmed), then delete the user (confirmed).
  await page.reload();
  await row.getByRole("button", { name: "Reset password" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByTestId("generated-password")).toBeVisible();
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toContainText("cannot be undone");
  await page.getByRole("dialog").getByRole("button", { name: "Delete user" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("account-audit")).toContainText("Deleted the account");
});
