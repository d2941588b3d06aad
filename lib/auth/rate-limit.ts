export type RateLimiter = {
  /** Counts one attempt for `key`; returns whether it is allowed and, if not, how long until it would be. */
  hit(key: string, now?: number): { allowed: boolean; retryAfterMs: number };
  reset(key: string): void;
};

/**
 * A sliding-window limiter in memory (timestamps per key), for the per-client search limit: several replicas each
 * allow `limit`, which only loosens that bound by the replica count. Sign-in limits must not loosen, so they live in
 * PostgreSQL (lib/auth/sign-in-limits.ts).
 */
export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const hits = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    hit(key, now = Date.now()) {
      const from = now - options.windowMs;
      const list = (hits.get(key) ?? []).filter((t) => t > from);
      if (list.length >= options.limit) {
        hits.set(key, list);
        return { allowed: false, retryAfterMs: list[0]! + options.windowMs - now };
      }
      list.push(now);
      hits.delete(key); // re-insert so Map order is least-recently-used first
      hits.set(key, list);
      if (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
      return { allowed: true, retryAfterMs: 0 };
    },
    reset(key) {
      hits.delete(key);
    },
  };
}
