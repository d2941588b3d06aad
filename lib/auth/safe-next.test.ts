import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/safe-next";

const ORIGIN = "https://patternscope.example";

describe("safeNextPath", () => {
  it("refuses every way of naming another site", () => {
    const attacks = [
      "//evil.com",
      "/\\evil.com",
      "\\\\evil.com",
      "/\\/evil.com",
      "\\/evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      " //evil.com",
      "https://evil.com",
      "https:evil.com",
      "https:/evil.com",
      "http:evil.com/x",
      "%2F%2Fevil.com",
      "evil.com",
      "HTTPS://evil.com",
      "//evil.com@patternscope.example",
      "https://patternscope.example@evil.com/",
      "/.//evil.com",
      "/./\\evil.com",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://patternscope.example/",
      "https://patternscope.example:444/",
      "//%65vil.com",
      "/%5Cevil.com".replace("%5C", "\\"),
      "",
      "x".repeat(3000),
    ];
    for (const next of attacks) {
      const kept = safeNextPath(next, ORIGIN);
      expect(kept, JSON.stringify(next)).toBe("/");
    }
    expect(safeNextPath(undefined, ORIGIN)).toBe("/");
    expect(safeNextPath(["/t/AAPL"], ORIGIN)).toBe("/");
  });

  it("keeps same-origin paths, as paths, with their query and fragment", () => {
    expect(safeNextPath("/t/AAPL?range=1y", ORIGIN)).toBe("/t/AAPL?range=1y");
    expect(safeNextPath("/search#sketch", ORIGIN)).toBe("/search#sketch");
    expect(safeNextPath("https://patternscope.example/settings", ORIGIN)).toBe("/settings");
    // encoded slashes stay one path segment on this site
    expect(safeNextPath("/%2F%2Fevil.com", ORIGIN)).toBe("/%2F%2Fevil.com");
    expect(safeNextPath("/a/../t/X", ORIGIN)).toBe("/t/X");
    expect(safeNextPath("//evil.com", ORIGIN, "/settings")).toBe("/settings");
  });
});
