import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { toAppError } from "@/lib/api/error-table";
import { searchRequestSchema } from "@/lib/search/request-schema";

const sketch = { type: "sketch", points: [1, 2, 3, 2, 1] };

function fieldOf(body: unknown): string {
  const r = searchRequestSchema.safeParse(body);
  expect(r.success).toBe(false);
  const err = toAppError(r.error as ZodError);
  expect(err.status).toBe(400);
  return err.message;
}

describe("search request validation", () => {
  it("applies the defaults of the contract", () => {
    const r = searchRequestSchema.parse({ query: sketch });
    expect(r).toMatchObject({ method: "auto", topK: 20, horizon: 20, series: "close" });
    expect(searchRequestSchema.parse({ query: { type: "sequence", pattern: "gggr" } }).query).toMatchObject({ pattern: "GGGR", colorBy: "candle", threshold: 0.07 });
  });

  it("names the field of each bad input", () => {
    expect(fieldOf({ query: { type: "sketch", points: [1, 2, 3] } })).toMatch(/^query\.points: /);
    expect(fieldOf({ query: { type: "sketch", points: [1, 2, null, 4, 5] } })).toMatch(/^query\.points\.2: /);
    expect(fieldOf({ query: { type: "sketch", points: [1, 2, Number.NaN, 4, 5] } })).toMatch(/^query\.points\.2: /);
    expect(fieldOf({ query: { type: "preset", name: "triple-top" } })).toMatch(/^query\.name: /);
    expect(fieldOf({ query: { type: "range", symbol: "AAPL", from: "2015-03-31", to: "2015-01-02" } })).toMatch(/^query\.from: from is after to/);
    expect(fieldOf({ query: sketch, from: "2016-01-01", to: "2015-01-01" })).toMatch(/^from: /);
    expect(fieldOf({ query: sketch, topK: 501 })).toMatch(/^topK: /);
    expect(fieldOf({ query: sketch, minLength: 50, maxLength: 40 })).toMatch(/^minLength: minLength is greater than maxLength/);
    expect(fieldOf({ query: sketch, method: "fourier" })).toMatch(/^method: /);
    expect(fieldOf({ query: { type: "sequence", pattern: "GXR" } })).toMatch(/^query\.pattern: /);
    expect(fieldOf({})).toMatch(/^query: /);
  });
});
