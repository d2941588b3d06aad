import { describe, expect, it } from "vitest";
import { paginate } from "@/lib/tickers/paginate";

describe("paginate", () => {
  it("slices whole pages and a short last page", () => {
    expect(paginate({ total: 512, page: 1, pageSize: 50 })).toEqual({ page: 1, pages: 11, from: 0, to: 50 });
    expect(paginate({ total: 512, page: 11, pageSize: 50 })).toEqual({ page: 11, pages: 11, from: 500, to: 512 });
  });
  it("clamps pages out of range or not numbers, and has one empty page for an empty list", () => {
    expect(paginate({ total: 512, page: 99, pageSize: 50 }).page).toBe(11);
    expect(paginate({ total: 512, page: -3, pageSize: 50 }).page).toBe(1);
    expect(paginate({ total: 512, page: NaN, pageSize: 50 }).page).toBe(1);
    expect(paginate({ total: 512, page: 2.7, pageSize: 50 })).toMatchObject({ page: 2, from: 50, to: 100 });
    expect(paginate({ total: 0, page: 1, pageSize: 50 })).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });
});
