import { getEnv } from "@/lib/env";
import { createRateLimiter, type RateLimiter } from "@/lib/auth/rate-limit";

const globalLimit = globalThis as unknown as { psSearchRateLimit?: RateLimiter | null };

/**
 * The per-client search limit: SEARCH_RATE_LIMIT searches per minute per client IP (default 120; 0 turns it off).
 * Reuses the sign-in sliding-window limiter, so it is per process like the admission queue.
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
