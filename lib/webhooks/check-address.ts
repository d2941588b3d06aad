import dns from "node:dns";
import net, { type LookupFunction } from "node:net";

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE is set: a URL a user typed must not let the
 * server call itself, the cluster's private services or a cloud metadata endpoint. IPv4-mapped IPv6 addresses
 * (::ffff:127.0.0.1) match the IPv4 rules (net.BlockList maps them); ranges that embed an IPv4 address (NAT64,
 * 6to4, Teredo) are refused whole.
 */
const REFUSED: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // this network, unspecified
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"], // link-local, cloud metadata
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved, broadcast
  ["::", 96, "ipv6"], // unspecified, loopback, IPv4-compatible
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 32, "ipv6"],
  ["2001:db8::", 32, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"], // unique local
  ["fe80::", 10, "ipv6"], // link-local
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"], // multicast
];

const refused = new net.BlockList();
for (const [address, prefix, type] of REFUSED) refused.addSubnet(address, prefix, type);

export class WebhookAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookAddressError";
  }
}

/** True for a private, loopback, link-local, unspecified, multicast or reserved IP address. */
export function isRefusedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return refused.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The parsed webhook URL, or a WebhookAddressError naming what is wrong: http(s) only, no credentials in it, and
 * when the host is an IP literal, one that may be reached. A host name is checked when it is resolved (vettedLookup).
 */
export function parseWebhookUrl(raw: string, { allowPrivate }: { allowPrivate: boolean }): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressError("the webhook URL is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookAddressError(`the webhook URL must be http or https, not ${url.protocol.replace(":", "")}`);
  if (url.username || url.password) throw new WebhookAddressError("the webhook URL may not carry a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && !allowPrivate && isRefusedAddress(host)) throw new WebhookAddressError(`the webhook URL points at ${host}, a private, loopback or reserved address`);
  return url;
}

/**
 * A DNS lookup for the webhook's connection that refuses the host when any of its addresses may not be reached.
 * The connection then uses exactly the addresses checked, so a name cannot resolve to a public address for the
 * check and a private one for the request.
 */
export function vettedLookup({ allowPrivate }: { allowPrivate: boolean }): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const bad = allowPrivate ? undefined : addresses.find((a) => isRefusedAddress(a.address));
      if (bad) return callback(new WebhookAddressError(`${hostname} resolves to ${bad.address}, a private, loopback or reserved address`), "", 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
