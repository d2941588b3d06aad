import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_FILES, isPublicPath } from "@/lib/auth/public-paths";

describe("isPublicPath", () => {
  it("lists exactly the files of public/", () => {
    const files = fs.readdirSync(path.resolve(import.meta.dirname, "../../public")).map((f) => `/${f}`);
    expect([...PUBLIC_FILES].sort()).toEqual(files.sort());
  });

  it("does not open ticker pages or API paths that end like an asset", () => {
    for (const p of ["/t/X.JS", "/t/x.js", "/t/BRK.CSS", "/api/tickers/X.JS/candles", "/api/tickers/a.png/candles", "/search.txt", "/settings/x.map"]) {
      expect(isPublicPath(p), p).toBe(false);
    }
    for (const p of ["/signin", "/setup", "/api/health", "/api/auth/signin", "/_next/static/chunks/a.js", "/icon.svg"]) {
      expect(isPublicPath(p), p).toBe(true);
    }
  });
});
