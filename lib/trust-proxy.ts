import proxyaddr from "proxy-addr";

// Outside lib/auth so lib/env.ts can validate TRUST_PROXY without a folder loop (auth -> db -> env -> auth).
export type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY: unset or 0 trusts no proxy (the socket address is the client); a number N trusts that many proxy
 * hops in front of the server (the chart's Ingress is 1); otherwise a comma-separated list of proxy addresses,
 * CIDRs or the names loopback, linklocal, uniquelocal. Throws on anything else.
 */
export function parseTrustProxy(raw: string | undefined): Trust {
  const value = (raw ?? "").trim();
  if (value === "" || value === "0" || value === "false") return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  if (value === "true") {
    throw new Error("TRUST_PROXY=true is ambiguous: give the number of proxies in front of the server (e.g. 1) or their addresses/CIDRs");
  }
  try {
    return proxyaddr.compile(value.split(",").map((s) => s.trim()).filter(Boolean));
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${(error as Error).message} (expected a hop count or addresses/CIDRs such as 10.0.0.0/8)`);
  }
}
