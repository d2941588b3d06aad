import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/auth/create-user";
import { createPgliteDatabase, type TestDatabase } from "@/tests/helpers/databases";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = "http://localhost:3100";

describe("the sign-in route's next", () => {
  let t: TestDatabase;
  let signin: Handler;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    await createUser(t.db, { email: "investor@example.com", password: "investor-password", role: "investor" });
    vi.resetModules();
    (globalThis as { patternscopeDb?: unknown }).patternscopeDb = t.db;
    signin = (await import("@/app/api/auth/signin/route")).POST as unknown as Handler;
  });
  afterAll(async () => {
    delete (globalThis as { patternscopeDb?: unknown }).patternscopeDb;
    await t?.drop();
  });

  const signIn = async (next: string | undefined, i: number) => {
    const response = await signin(
      new NextRequest(`${ORIGIN}/api/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": `10.3.0.${i}` },
        body: JSON.stringify({ email: "investor@example.com", password: "investor-password", next }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { next: string }).next;
  };

  it("answers only a path on this site", async () => {
    const attacks = ["/\\evil.com", "//evil.com", "https:evil.com", "/\t/evil.com", "/.//evil.com", "https://evil.com/", "javascript:alert(1)"];
    for (const [i, next] of attacks.entries()) expect(await signIn(next, i), next).toBe("/");
    expect(await signIn("/t/AAPL?range=1y", 50)).toBe("/t/AAPL?range=1y");
    expect(await signIn(`${ORIGIN}/settings`, 51)).toBe("/settings");
    expect(await signIn(undefined, 52)).toBe("/");
  });
});
