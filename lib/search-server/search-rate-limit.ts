import { getEnv } from "@/lib/env";

export type RateLimiter = {
  /** Counts one attempt for `key`; returns whether it is allowed and, if not, how long until it would be. */
  hit(key: string, now?: number): { allowed: boolean; retryAfterMs: number };
  reset(key: string): void;
};

/**
 * A sliding-window limiter in memory (timestamps per key): several replicas each allow `limit`, which only loosens
 * the search bound by the replica count. Sign-in limits must not loosen, so they live in PostgreSQL
 * (lib/auth/sign-in-limits.ts).
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

const globalLimit = globalThis as unknown as { psSearchRateLimit?: RateLimiter | null };

/**
 * The per-client search limit: SEARCH_RATE_LIMIT searches per minute per client IP (default 120; 0 turns it off),
 * per process like the admission queue.
 */
export function searchRateLimiter(): RateLimiter | null {
  if (globalLimit.psSearchRateLimit === undefined) {
    const limit = getEnv().SEARCH_RATE_LIMIT;
    globalLimit.psSearchRateLimit = limit === 0 ? null : createRateLimiter({ limit, windowMs: 60_000 });
  }
  return globalLimit.psSearchRateLimit;
}

/** Forgets the process-wide limiter and admission (tests change the env between runs). */
export function resetSearchLoadControls(): void {
  delete globalLimit.psSearchRateLimit;
  delete (globalThis as { psSearchAdmission?: unknown }).psSearchAdmission;
}
