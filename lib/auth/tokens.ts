import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url: 256 bits, so guessing a live token is hopeless. */
export function generateToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/**
 * SHA-256 of a token, hex. Tokens are random (not passwords), so a fast hash is enough to make a leaked table
 * useless while letting us look a token up by its hash with an index.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Personal API tokens carry a visible prefix so a leaked one is recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = "psk_";
