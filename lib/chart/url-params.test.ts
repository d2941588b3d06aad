import { describe, expect, it } from "vitest";
import { readParam } from "@/lib/chart/url-params";

describe("readParam", () => {
  it("reads the first value from the browser's URLSearchParams and from Next's searchParams record alike", () => {
    expect(readParam(new URLSearchParams("q=ab&q=cd"), "q")).toBe("ab");
    expect(readParam({ q: ["ab", "cd"] }, "q")).toBe("ab");
    expect(readParam({ q: "ab" }, "q")).toBe("ab");
    expect(readParam(new URLSearchParams("q=ab"), "page")).toBeUndefined();
    expect(readParam({ q: undefined }, "q")).toBeUndefined();
  });
});
