import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isRefusedAddress } from "@/lib/webhooks/check-address";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { signWebhook, verifyWebhookSignature, WEBHOOK_HEADERS } from "@/lib/webhooks/sign-webhook";

type Seen = { headers: http.IncomingHttpHeaders; body: string; url: string };

/** A local receiver: records every request and answers with the handler of the test. */
let seen: Seen[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_, res) => res.end("ok");
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), url: req.url ?? "" });
    answer(req, res);
  });
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  answer = (_, res) => res.end("ok");
});

const SECRET = "whsec-test-0123456789";
const body = JSON.stringify({ event: "saved-search.new-matches", data: { matches: 3 } });
const send = (url: string, o: Partial<Parameters<typeof deliverWebhook>[0]> = {}) => deliverWebhook({ url, secret: SECRET, body, deliveryId: "d-1", allowPrivate: true, ...o });

describe("deliverWebhook", () => {
  it("POSTs the JSON body with a timestamp and an HMAC signature the receiver can verify", async () => {
    const result = await send(`http://127.0.0.1:${port}/hook?x=1`);
    expect(result).toEqual({ delivered: true, status: 200 });
    expect(seen).toHaveLength(1);
    const [s] = seen;
    expect(s.url).toBe("/hook?x=1");
    expect(s.body).toBe(body);
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.headers[WEBHOOK_HEADERS.delivery]).toBe("d-1");
    const timestamp = s.headers[WEBHOOK_HEADERS.timestamp] as string;
    const signature = s.headers[WEBHOOK_HEADERS.signature] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, signature, body: s.body })).toBe(true);
    // another secret, a changed body, an old timestamp: refused
    expect(verifyWebhookSignature({ secret: "other-secret", timestamp, signature, body: s.body })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, signature, body: s.body.replace("3", "4") })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, signature, body: s.body, now: Date.now() + 10 * 60_000 })).toBe(false);
  });

  it("signs HMAC-SHA256 over timestamp.body (a reference value)", () => {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac key
    expect(signWebhook({ secret: "key", timestamp: 1700000000, body: '{"a":1}' })).toBe("v1=a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03");
  });

  it("says a server error, 429 or no answer may pass on retry, and a client error will not", async () => {
    answer = (_, res) => res.writeHead(503).end("busy");
    expect(await send(`http://127.0.0.1:${port}/`)).toEqual({ delivered: false, retry: true, status: 503, reason: "answered 503: busy" });
    answer = (_, res) => res.writeHead(429).end();
    expect(await send(`http://127.0.0.1:${port}/`)).toMatchObject({ delivered: false, retry: true, status: 429 });
    answer = (_, res) => res.writeHead(404).end("no such hook");
    expect(await send(`http://127.0.0.1:${port}/`)).toMatchObject({ delivered: false, retry: false, status: 404 });
    answer = () => {}; // never answers
    const t0 = Date.now();
    expect(await send(`http://127.0.0.1:${port}/`, { timeoutMs: 300 })).toEqual({ delivered: false, retry: true, reason: "no answer within 300 ms" });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("does not follow a redirect", async () => {
    answer = (_, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    const result = await send(`http://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ delivered: false, retry: false, status: 302 });
    expect(result.delivered === false && result.reason).toMatch(/redirect to http:\/\/169\.254\.169\.254\/latest\/meta-data\/ \(not followed\)/);
    expect(seen).toHaveLength(1);
  });

  it("reads at most 4 KiB of an answer that never ends", async () => {
    answer = (_, res) => {
      res.writeHead(500);
      const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write("x".repeat(16_384))), 5);
    };
    const result = await send(`http://127.0.0.1:${port}/`, { timeoutMs: 5000 });
    expect(result).toMatchObject({ delivered: false, retry: true, status: 500 });
    expect(result.delivered === false && result.reason.length).toBeLessThan(300);
  });

  it("could not deliver to a closed port: a retry may help", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const p = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await send(`http://127.0.0.1:${p}/`)).toEqual({ delivered: false, retry: true, reason: "could not deliver: ECONNREFUSED" });
  });

  describe("refuses private, loopback and reserved addresses unless allowed", () => {
    const refusedUrls = (p: number) => [
      `http://127.0.0.1:${p}/`,
      `http://localhost:${p}/`, // a host name resolving to 127.0.0.1
      `http://[::1]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${p}/`,
      `http://2130706433:${p}/`, // 127.0.0.1 in decimal
      `http://0x7f.1:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://[::]:${p}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.1.2.3/",
      "http://192.168.1.1/",
      "http://172.16.0.1/",
      "http://100.64.0.1/",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
      "http://224.0.0.1/",
      "http://[ff02::1]/",
      "http://[64:ff9b::7f00:1]/",
    ];
    it("as literals and after resolving a host name; nothing reaches the receiver", async () => {
      for (const url of refusedUrls(port)) {
        const result = await send(url, { allowPrivate: false });
        expect(result, url).toMatchObject({ delivered: false, retry: false });
        expect(result.delivered === false && result.reason, url).toMatch(/private, loopback or reserved address/);
      }
      expect(seen).toHaveLength(0);
      const named = await send(`http://localhost:${port}/`, { allowPrivate: false });
      expect(named.delivered === false && named.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1)/);
    });
    it("delivers to them when WEBHOOK_ALLOW_PRIVATE allows", async () => {
      expect(await send(`http://localhost:${port}/`, { allowPrivate: true })).toMatchObject({ delivered: true });
      expect(await send(`http://[::ffff:127.0.0.1]:${port}/`, { allowPrivate: true })).toMatchObject({ delivered: true });
    });
    it("lets public addresses through the check", () => {
      for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isRefusedAddress(a), a).toBe(false);
      for (const a of ["127.0.0.2", "::1", "::ffff:10.0.0.1", "255.255.255.255", "not-an-ip"]) expect(isRefusedAddress(a), a).toBe(true);
    });
  });

  it("refuses URLs that are not http(s) or carry credentials", async () => {
    for (const [url, why] of [
      ["ftp://example.com/", /must be http or https, not ftp/],
      ["file:///etc/passwd", /must be http or https, not file/],
      ["http://user:pass@example.com/", /user name or password/],
      ["not a url", /not a URL/],
    ] as const) {
      const result = await send(url, { allowPrivate: false });
      expect(result, url).toMatchObject({ delivered: false, retry: false });
      expect(result.delivered === false && result.reason, url).toMatch(why);
    }
  });
});
