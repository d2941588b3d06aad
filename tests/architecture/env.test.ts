import { afterEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("lib/env.ts, the one settings module", () => {
  it("names a bad value, treats an empty one as unset, and follows a change at run time", () => {
    process.env.SEARCH_DEADLINE_MS = "";
    expect(getEnv().SEARCH_DEADLINE_MS).toBe(20_000);
    process.env.SEARCH_DEADLINE_MS = "750";
    expect(getEnv().SEARCH_DEADLINE_MS).toBe(750);
    process.env.SESSION_SECRET = "";
    process.env.SETUP_TOKEN_FILE = "";
    expect(getEnv().SESSION_SECRET).toBeUndefined();
    expect(getEnv().SETUP_TOKEN_FILE).toBe("./data/setup-token");
    process.env.REQUIRE_LOGIN = "Yes";
    expect(getEnv().REQUIRE_LOGIN).toBe(true);
    process.env.REQUIRE_LOGIN = "maybe";
    expect(() => getEnv()).toThrow(/REQUIRE_LOGIN/);
    process.env.REQUIRE_LOGIN = "0";
    process.env.SEARCH_CONCURRENCY = "two";
    expect(() => getEnv()).toThrow(/SEARCH_CONCURRENCY/);
  });
});
