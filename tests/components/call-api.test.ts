import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, callApi, isAbortError } from "@/components/ui/call-api";

// A real HTTP server answering the envelopes the API sends (lib/api/with-handler.ts errorResponse).
type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};
const routes: Record<string, Route> = {
  "/echo": (req, body, res) => send(res, 200, { method: req.method, contentType: req.headers["content-type"] ?? null, body: body ? JSON.parse(body) : null }),
  "/empty": (_req, _body, res) => send(res, 204),
  "/zod": (_req, _body, res) =>
    send(res, 400, {
      error: {
        code: "bad_request",
        message: "newPassword: Too small: expected string to have >=12 characters",
        details: { issues: [{ path: "newPassword", message: "Too small: expected string to have >=12 characters" }] },
      },
    }),
  "/domain": (_req, _body, res) =>
    send(res, 400, { error: { code: "bad_request", message: "query.symbol: unknown symbol ZZZZ", details: { field: "query.symbol" } } }),
  "/prefixed": (_req, _body, res) => send(res, 400, { error: { code: "bad_request", message: "currentPassword: that is not your current password" } }),
  "/sentence": (_req, _body, res) => send(res, 409, { error: { code: "conflict", message: "Setup is done: sign in instead" } }),
  "/top-field": (_req, _body, res) => send(res, 409, { error: { code: "conflict", message: "That email is taken", field: "email" } }),
  "/busy": (_req, _body, res) => send(res, 503, { error: { code: "unavailable", message: "Busy" } }, { "retry-after": "7" }),
  "/html": (_req, _body, res) => {
    res.writeHead(500, { "content-type": "text/html" });
    res.end("<h1>oops</h1>");
  },
  "/slow": (_req, _body, res) => setTimeout(() => send(res, 200, { late: true }), 2_000),
};

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => (routes[req.url ?? ""] ?? ((_q, _b, r) => send(r, 404, { error: { code: "not_found", message: "no route" } })))(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const caught = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (error: unknown) => error);

describe("callApi", () => {
  it("sends `json` as a JSON body and resolves with the typed answer", async () => {
    const answer = await callApi<{ method: string; contentType: string; body: unknown }>(`${base}/echo`, { method: "POST", json: { name: "nightly" } });
    expect(answer).toEqual({ method: "POST", contentType: "application/json", body: { name: "nightly" } });
  });

  it("resolves with undefined for an empty 204 answer", async () => {
    expect(await callApi(`${base}/empty`, { method: "DELETE" })).toBeUndefined();
  });

  it("names the field of a zod failure, with the message lacking the path prefix", async () => {
    const error = await caught(callApi(`${base}/zod`, { method: "POST", json: {} }));
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.code, e.field]).toEqual([400, "bad_request", "newPassword"]);
    expect(e.message).toBe("newPassword: Too small: expected string to have >=12 characters");
    expect(e.messageFor("newPassword")).toBe("Too small: expected string to have >=12 characters");
    expect(e.messageFor("currentPassword")).toBeUndefined();
  });

  it("names the field of a domain error (details.field) and matches it by its last segment", async () => {
    const e = (await caught(callApi(`${base}/domain`))) as ApiError;
    expect(e.field).toBe("query.symbol");
    expect(e.messageFor("symbol")).toBe("Unknown symbol ZZZZ");
  });

  it("reads the field from the message's own \"field: \" prefix, and not from a sentence with a colon", async () => {
    const prefixed = (await caught(callApi(`${base}/prefixed`))) as ApiError;
    expect([prefixed.field, prefixed.messageFor("currentPassword")]).toEqual(["currentPassword", "That is not your current password"]);
    const sentence = (await caught(callApi(`${base}/sentence`))) as ApiError;
    expect([sentence.field, sentence.message]).toEqual([undefined, "Setup is done: sign in instead"]);
  });

  it("reads a top-level `field`, the code and the Retry-After header", async () => {
    const conflict = (await caught(callApi(`${base}/top-field`))) as ApiError;
    expect([conflict.status, conflict.code, conflict.messageFor("email")]).toEqual([409, "conflict", "That email is taken"]);
    const busy = (await caught(callApi(`${base}/busy`))) as ApiError;
    expect([busy.code, busy.retryAfterSeconds, busy.field]).toEqual(["unavailable", 7, undefined]);
  });

  it("turns a non-JSON failure and an unreachable server into ApiErrors with readable messages", async () => {
    const html = (await caught(callApi(`${base}/html`))) as ApiError;
    expect([html.status, html.code, html.message]).toEqual([500, "internal", "Request failed (500)"]);
    const down = (await caught(callApi("http://127.0.0.1:1/nothing"))) as ApiError;
    expect([down.status, down.code, down.message]).toEqual([0, "network", "The server could not be reached"]);
  });

  it("rethrows an abort untouched, so a superseded request is not shown as an error", async () => {
    const controller = new AbortController();
    const pending = caught(callApi(`${base}/slow`, { signal: controller.signal }));
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(ApiError);
    expect(isAbortError(error)).toBe(true);
  });
});
