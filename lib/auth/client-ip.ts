import proxyaddr from "proxy-addr";
import { parseTrustProxy, type Trust } from "@/lib/trust-proxy";

/**
 * Where the client's address comes from. Next (next start, next dev and the standalone server.js alike) never
 * exposes the socket to route handlers or proxy.ts: it only fills `X-Forwarded-For` with the socket address when
 * the request has none (`??=` in base-server), so whatever a client sends in that header reaches us unchanged.
 * installSocketAddressStamp (lib/auth/socket-address-stamp.ts, run from instrumentation.ts) therefore writes the
 * socket address into PEER_HEADER on every request, sealed with a per-process secret so a client's own copy of
 * the header (or a request that arrived before the stamp was installed) is never believed.
 */
export const PEER_HEADER = "x-patternscope-peer";
const SEAL = Symbol.for("patternscope.peerSeal");
type Sealed = { [SEAL]?: string };

/** The secret the stamp seals PEER_HEADER with (created once per process). */
export function peerSeal(create = false): string | undefined {
  const g = globalThis as Sealed;
  if (create) g[SEAL] ??= crypto.randomUUID();
  return g[SEAL];
}

let trustCache: { raw: string; trust: Trust } | undefined;

function trustedProxies(): Trust {
  const raw = process.env.TRUST_PROXY ?? "";
  if (trustCache?.raw !== raw) trustCache = { raw, trust: parseTrustProxy(raw) };
  return trustCache.trust;
}

let warnedUnstamped = false;

/**
 * The socket address of this request. Without the stamp in this process (unit tests and scripts that build a
 * Request themselves) the right-most X-Forwarded-For entry stands for it; a production server without the stamp
 * answers "unknown" rather than believe a header any client can write.
 */
function socketAddress(headers: Headers, forwarded: string[]): string | null {
  const seal = peerSeal();
  if (seal) {
    const stamped = headers.get(PEER_HEADER) ?? "";
    return stamped.startsWith(`${seal} `) ? stamped.slice(seal.length + 1) : null;
  }
  if (process.env.NODE_ENV === "production") {
    if (!warnedUnstamped) console.error("[client-ip] the socket address stamp is not installed (instrumentation.ts): every client counts as one");
    warnedUnstamped = true;
    return null;
  }
  return forwarded.pop() ?? null;
}

/** Whether the socket peer of this request is a trusted proxy (TRUST_PROXY), so its X-Forwarded-* can be believed. */
function fromTrustedProxy(headers: Headers): boolean {
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const peer = socketAddress(headers, forwarded);
  return peer !== null && trustedProxies()(peer, 0);
}

/**
 * The client address every per-client limit keys on (search rate limit, sign-in limits). It walks from the socket
 * outwards through X-Forwarded-For and answers the first address that is not a trusted proxy (the right-most
 * untrusted entry), so entries a client prepends to the header are never reached. IPv4-mapped IPv6 addresses
 * read as IPv4. "unknown" when there is no address at all.
 */
export function clientIp(headers: Headers): string {
  const raw = headers.get("x-forwarded-for") ?? "";
  const forwarded = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const peer = socketAddress(headers, forwarded);
  if (!peer) return "unknown";
  const request = { socket: { remoteAddress: peer }, headers: { "x-forwarded-for": forwarded.join(", ") } };
  const address = proxyaddr(request as unknown as Parameters<typeof proxyaddr>[0], trustedProxies());
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}

/**
 * Whether the browser reached us over TLS, so HSTS may be sent: COOKIE_SECURE=true|false decides when set;
 * otherwise X-Forwarded-Proto, believed only when the socket peer is a trusted proxy (TRUST_PROXY), since any
 * client can send that header.
 */
export function servedOverTls(headers: Headers): boolean {
  // Read as lib/env.ts reads the flag (that module imports this one, so it is not imported back).
  const forced = (process.env.COOKIE_SECURE ?? "").toLowerCase();
  if (/^(1|true|yes)$/.test(forced)) return true;
  if (/^(0|false|no)$/.test(forced)) return false;
  return fromTrustedProxy(headers) && headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
