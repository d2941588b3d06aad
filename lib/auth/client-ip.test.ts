import { afterEach, describe, expect, it } from "vitest";
import { PEER_HEADER, clientIp, peerSeal } from "@/lib/auth/client-ip";
import { parseTrustProxy } from "@/lib/trust-proxy";

const SEAL = Symbol.for("patternscope.peerSeal");
const saved = { trust: process.env.TRUST_PROXY };

/** A request as the stamped server sees it: the socket address in the sealed header, plus what the client sent. */
function stamped(socket: string, headers: Record<string, string> = {}): Headers {
  return new Headers({ ...headers, [PEER_HEADER]: `${peerSeal(true)} ${socket}` });
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[SEAL];
  if (saved.trust === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved.trust;
});

describe("clientIp", () => {
  it("is the socket address by default, whatever X-Forwarded-For says", () => {
    const seen = new Set(Array.from({ length: 20 }, (_, i) => clientIp(stamped("203.0.113.9", { "x-forwarded-for": `10.9.0.${i}` }))));
    expect([...seen]).toEqual(["203.0.113.9"]);
    expect(clientIp(stamped("::ffff:203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(stamped("2001:db8::1", { "x-forwarded-for": "10.0.0.1" }))).toBe("2001:db8::1");
  });

  it("never believes a client's own copy of the stamp header", () => {
    peerSeal(true);
    expect(clientIp(new Headers({ [PEER_HEADER]: "forged 198.51.100.7", "x-forwarded-for": "198.51.100.7" }))).toBe("unknown");
    expect(clientIp(new Headers({ [PEER_HEADER]: "198.51.100.7" }))).toBe("unknown");
  });

  it("TRUST_PROXY=N takes the entry N hops in from the socket: rotating the left of the header changes nothing", () => {
    process.env.TRUST_PROXY = "1";
    for (const forged of ["1.1.1.1", "2.2.2.2, 3.3.3.3", ""]) {
      const xff = [forged, "198.51.100.20"].filter(Boolean).join(", ");
      expect(clientIp(stamped("10.42.0.5", { "x-forwarded-for": xff }))).toBe("198.51.100.20");
    }
    process.env.TRUST_PROXY = "2";
    expect(clientIp(stamped("10.42.0.5", { "x-forwarded-for": "6.6.6.6, 198.51.100.20, 10.1.0.1" }))).toBe("198.51.100.20");
    // fewer entries than hops: the farthest address there is
    expect(clientIp(stamped("10.42.0.5", { "x-forwarded-for": "198.51.100.20" }))).toBe("198.51.100.20");
  });

  it("TRUST_PROXY as addresses/CIDRs: the right-most untrusted entry wins, an untrusted socket is the client", () => {
    process.env.TRUST_PROXY = "10.0.0.0/8, loopback";
    expect(clientIp(stamped("10.42.0.5", { "x-forwarded-for": "6.6.6.6, 198.51.100.20, 10.1.0.1" }))).toBe("198.51.100.20");
    expect(clientIp(stamped("::ffff:127.0.0.1", { "x-forwarded-for": "198.51.100.20" }))).toBe("198.51.100.20");
    // a direct client (not a listed proxy) cannot forward for anyone
    expect(clientIp(stamped("203.0.113.9", { "x-forwarded-for": "10.1.0.1" }))).toBe("203.0.113.9");
  });

  it("without the stamp in the process (route tests), the right-most entry stands for the socket", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

describe("parseTrustProxy", () => {
  it("accepts hop counts and address lists, refuses what it cannot read", () => {
    expect(parseTrustProxy(undefined)("127.0.0.1", 0)).toBe(false);
    expect(parseTrustProxy("0")("127.0.0.1", 0)).toBe(false);
    expect(parseTrustProxy("1")("8.8.8.8", 0)).toBe(true);
    expect(parseTrustProxy("1")("8.8.8.8", 1)).toBe(false);
    expect(parseTrustProxy("10.0.0.0/8")("10.3.2.1", 0)).toBe(true);
    expect(parseTrustProxy("10.0.0.0/8")("11.3.2.1", 0)).toBe(false);
    expect(() => parseTrustProxy("true")).toThrow(/ambiguous/);
    expect(() => parseTrustProxy("10.0.0.0/99")).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy("proxy.example")).toThrow(/TRUST_PROXY/);
  });
});
