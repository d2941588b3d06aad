/**
 * The client address for the per-IP sign-in limit. `next start` fills X-Forwarded-For with the socket address
 * only when the request has none (`??=`), so a direct client could forge it; behind a reverse proxy
 * (TRUST_PROXY=true) the right-most entry is the one our proxy appended and cannot be forged. The per-email limit
 * does not depend on this and bounds password guessing either way.
 */
export function clientIp(headers: Headers): string {
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return "unknown";
  return /^(1|true)$/i.test(process.env.TRUST_PROXY ?? "") ? entries[entries.length - 1]! : entries[0]!;
}
