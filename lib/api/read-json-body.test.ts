import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { readJsonBody } from "@/lib/api/read-json-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/search", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readJsonBody", () => {
  it("parses JSON within the cap", async () => {
    expect(await readJsonBody({ request: post('{"a":[1,2]}'), maxBytes: 100 })).toEqual({ a: [1, 2] });
  });

  it("refuses a body over the cap with 413, even when streamed without a length", async () => {
    const big = "x".repeat(1000);
    const e1 = await readJsonBody({ request: post(big), maxBytes: 999 }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect((e1 as AppError).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const e2 = await readJsonBody({ request: post(stream), maxBytes: 5000 }).catch((e: unknown) => e);
    expect((e2 as AppError).code).toBe("payload_too_large");
  });

  it("answers 400 for invalid or empty JSON", async () => {
    for (const body of ["{nope", ""]) {
      const e = await readJsonBody({ request: post(body), maxBytes: 100 }).catch((x: unknown) => x);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).message).toBe("body: not valid JSON");
    }
  });
});
