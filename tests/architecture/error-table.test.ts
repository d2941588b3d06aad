import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { toAppError } from "@/lib/api/error-table";
import { errorResponse } from "@/lib/api/with-handler";
import { SearchCancelledError, SearchInputError } from "@/lib/search/search-input-error";
import { AdmissionAbortedError, AdmissionFullError } from "@/lib/search-server/admission";

describe("the error table (lib/api/error-table.ts)", () => {
  it("maps every domain error to one API error, status and Retry-After", async () => {
    const zod = z.object({ topK: z.number() }).safeParse({ topK: "x" }).error!;
    const cases: [unknown, number, string, string | null][] = [
      [new SearchInputError("symbols", "unknown symbol ZZZ"), 400, "bad_request", null],
      [zod, 400, "bad_request", null],
      [new AdmissionFullError(7), 503, "unavailable", "7"],
      [new AdmissionAbortedError(), 503, "unavailable", "1"],
      [new SearchCancelledError(), 503, "unavailable", "1"],
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), 503, "unavailable", "5"],
      [new AppError("rate_limited", "slow down", undefined, { retryAfterSeconds: 12 }), 429, "rate_limited", "12"],
      [new Error("a bug"), 500, "internal", null],
    ];
    for (const [error, status, code, retryAfter] of cases) {
      const response = errorResponse(toAppError(error));
      expect(response.status).toBe(status);
      expect(response.headers.get("retry-after")).toBe(retryAfter);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(toAppError(new SearchInputError("symbols", "unknown symbol ZZZ"))).toMatchObject({ message: "symbols: unknown symbol ZZZ", details: { field: "symbols" } });
    expect(toAppError(new Error("a bug")).message).toBe("Internal server error");
  });

  it("lets a route's own header win over the error's default", () => {
    expect(errorResponse(new AppError("unavailable", "busy"), { "Retry-After": "30" }).headers.get("retry-after")).toBe("30");
  });
});
