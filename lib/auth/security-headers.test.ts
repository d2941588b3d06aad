import { afterEach, describe, expect, it } from "vitest";
import { PEER_HEADER, peerSeal, servedOverTls } from "@/lib/auth/client-ip";
import { contentSecurityPolicy, createNonce } from "@/lib/auth/security-headers";

const saved = { ...process.env };
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("patternscope.peerSeal")];
  for (const key of ["TRUST_PROXY", "COOKIE_SECURE"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("content security policy", () => {
  it("allows scripts by nonce only, never inline", () => {
    const nonce = createNonce();
    const scriptSrc = /script-src ([^;]*)/.exec(contentSecurityPolicy({ nonce }))![1]!;
    expect(scriptSrc).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(contentSecurityPolicy()).toMatch(/script-src 'self';/);
    expect(new Set(Array.from({ length: 50 }, createNonce)).size).toBe(50);
    expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("servedOverTls (HSTS)", () => {
  const from = (socket: string, proto: string) => new Headers({ [PEER_HEADER]: `${peerSeal(true)} ${socket}`, "x-forwarded-proto": proto });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    expect(servedOverTls(from("203.0.113.9", "https"))).toBe(false);
    process.env.TRUST_PROXY = "10.0.0.0/8";
    expect(servedOverTls(from("203.0.113.9", "https"))).toBe(false);
    expect(servedOverTls(from("10.1.2.3", "https"))).toBe(true);
    expect(servedOverTls(from("10.1.2.3", "http"))).toBe(false);
  });

  it("follows COOKIE_SECURE when it is set", () => {
    process.env.COOKIE_SECURE = "true";
    expect(servedOverTls(from("203.0.113.9", "http"))).toBe(true);
    process.env.COOKIE_SECURE = "false";
    process.env.TRUST_PROXY = "1";
    expect(servedOverTls(from("10.1.2.3", "https"))).toBe(false);
  });
});
