import { describe, expect, it } from "vitest";
import { checkCsrf } from "@/lib/auth/csrf";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";
import { API_TOKEN_PREFIX, generateToken, hashToken, safeEqual } from "@/lib/auth/tokens";
import { sessionTokenFrom } from "@/lib/auth/session-cookie";
import { cookieSecure } from "@/lib/auth/config";

describe("password hashing (argon2id)", () => {
  it("produces a salted argon2id PHC string that verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b); // fresh salt each time
    expect(await verifyPassword(a, "correct horse battery")).toBe(true);
    expect(await verifyPassword(a, "correct horse batterY")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("tokens", () => {
  it("are 256-bit random base64url strings, hashed with SHA-256 for storage", () => {
    const t = generateToken(API_TOKEN_PREFIX);
    expect(t).toMatch(/^psk_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(generateToken());
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });

  it("reads the session cookie among others; a malformed one is no session, never an exception", () => {
    const token = generateToken();
    const read = (cookie: string, headers: Record<string, string> = {}) => sessionTokenFrom({ headers: new Headers({ cookie, ...headers }) });
    expect(read(`theme=dark; ps_session=${token}; x=1`)).toBe(token);
    expect(read("theme=dark")).toBeNull();
    expect(sessionTokenFrom({ headers: new Headers() })).toBeNull();
    for (const bad of ["%E0%A4%A", "abc", "a.b.c", `${token}.`, "x".repeat(5000), "%00", "=", ""]) expect(read(`ps_session=${bad}`)).toBeNull();
    // Behind TLS only the __Host- cookie counts: a plain-named one could have been planted by a sibling subdomain.
    expect(read(`ps_session=${token}`, { "x-forwarded-proto": "https" })).toBeNull();
    expect(read(`__Host-ps_session=${token}`, { "x-forwarded-proto": "https" })).toBe(token);
  });
});

describe("CSRF origin check", () => {
  const req = (method: string, headers: Record<string, string>, url = "http://app.local:3000/api/admin/jobs") => ({
    method,
    url,
    headers: new Headers({ host: new URL(url).host, ...headers }),
  });

  it("lets safe methods through whatever their origin", () => {
    expect(checkCsrf(req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toEqual({ ok: true });
  });
  it("accepts same-origin POSTs by Fetch Metadata or by Origin", () => {
    expect(checkCsrf(req("POST", { "sec-fetch-site": "same-origin" })).ok).toBe(true);
    expect(checkCsrf(req("POST", { origin: "http://app.local:3000" })).ok).toBe(true);
  });
  it("refuses cross-site, same-site-but-other-origin and origin-less POSTs", () => {
    expect(checkCsrf(req("POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example" })).ok).toBe(false);
    expect(checkCsrf(req("DELETE", { "sec-fetch-site": "same-site" })).ok).toBe(false);
    expect(checkCsrf(req("POST", { origin: "http://app.local:3001" })).ok).toBe(false);
    expect(checkCsrf(req("PUT", {})).ok).toBe(false);
  });
  it("compares against the forwarded host and scheme behind a reverse proxy", () => {
    const behindProxy = req("POST", { origin: "https://patterns.example.com", "x-forwarded-host": "patterns.example.com", "x-forwarded-proto": "https" }, "http://10.0.0.5:3000/api/x");
    expect(checkCsrf(behindProxy).ok).toBe(true);
  });
});

describe("cookies and headers", () => {
  it("marks cookies Secure behind https only", () => {
    expect(cookieSecure({ url: "http://localhost:3000/x", headers: new Headers() })).toBe(false);
    expect(cookieSecure({ url: "https://x.example/", headers: new Headers() })).toBe(true);
    expect(cookieSecure({ url: "http://10.0.0.5:3000/", headers: new Headers({ "x-forwarded-proto": "https" }) })).toBe(true);
  });
  it("forbids framing and foreign scripts", () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ dev: true })).toContain("unsafe-eval");
  });
});
