import { describe, expect, it } from "vitest";
import { createRateLimiter } from "@/lib/search-server/search-rate-limit";

describe("rate limiter", () => {
  it("allows `limit` hits per sliding window per key and says when to retry", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 });
    expect([0, 100, 200].map((t) => limiter.hit("a", t).allowed)).toEqual([true, true, true]);
    expect(limiter.hit("a", 300)).toEqual({ allowed: false, retryAfterMs: 700 });
    expect(limiter.hit("b", 300).allowed).toBe(true); // other keys are independent
    expect(limiter.hit("a", 1001).allowed).toBe(true); // the hit at 0 left the window
    limiter.reset("a");
    expect(limiter.hit("a", 1002).allowed).toBe(true);
  });
  it("forgets the least recently used keys beyond maxKeys", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 2 });
    limiter.hit("a", 0);
    limiter.hit("b", 0);
    limiter.hit("c", 0);
    expect(limiter.hit("a", 1).allowed).toBe(true);
    expect(limiter.hit("c", 1).allowed).toBe(false);
  });
});
