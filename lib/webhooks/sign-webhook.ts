import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The headers of a webhook delivery. The signature is HMAC-SHA256, keyed by the webhook's secret, over
 * `${timestamp}.${body}` (the raw request body), hex, after "v1=". A receiver recomputes it, compares in constant
 * time and refuses a timestamp far from its clock (a replayed delivery). The delivery id stays the same over
 * retries, so a receiver can drop a repeat.
 */
export const WEBHOOK_HEADERS = {
  timestamp: "patternscope-timestamp",
  signature: "patternscope-signature",
  delivery: "patternscope-delivery",
} as const;

/** How far a timestamp may be from the receiver's clock, by default. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function signWebhook({ secret, timestamp, body }: { secret: string; timestamp: number; body: string }): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** True when `signature` is the secret's signature of `body` at `timestamp`, and the timestamp is recent. */
export function verifyWebhookSignature({ secret, timestamp, signature, body, now = Date.now(), toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS }: { secret: string; timestamp: string | number; signature: string; body: string; now?: number; toleranceSeconds?: number }): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook({ secret, timestamp: ts, body }));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
