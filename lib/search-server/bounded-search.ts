import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { clientIp } from "@/lib/auth/client-ip";
import { getEnv } from "@/lib/env";
import { searchAdmission } from "@/lib/search-server/admission";
import { searchRateLimiter } from "@/lib/search-server/search-rate-limit";

/** Runs the costly part of a search when capacity allows. */
export type Admit = <T>(task: () => Promise<T>) => Promise<T>;

export type BoundedWork = {
  /** aborts when the client leaves or the deadline passes: scans stop at their next ticker */
  signal: AbortSignal;
  /** the admission queue, bound to `signal` */
  admit: Admit;
};

/** Rejects when `signal` aborts, even if `work` cannot be stopped (tfjs inference): the client hears at the deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Every costly request of the search server (POST /api/search, GET /api/scan) goes through here: the per-client
 * rate limit (429 + Retry-After), the admission queue (503 + Retry-After when full) and a deadline of SEARCH_DEADLINE_MS from
 * arrival, body reading and queueing included (503 with a JSON error when it passes; 0 = no deadline). A client
 * that leaves stops the work too (499, nobody reads the answer).
 */
export async function boundedSearch(request: NextRequest, run: (work: BoundedWork) => Promise<unknown>): Promise<unknown> {
  const limited = searchRateLimiter()?.hit(clientIp(request.headers));
  if (limited && !limited.allowed) {
    throw new AppError("rate_limited", "Too many searches from this client; try again later.", undefined, { retryAfterSeconds: Math.max(1, Math.ceil(limited.retryAfterMs / 1000)) });
  }
  const deadlineMs = getEnv().SEARCH_DEADLINE_MS;
  const deadline = deadlineMs > 0 ? AbortSignal.timeout(deadlineMs) : undefined;
  const signal = deadline ? AbortSignal.any([request.signal, deadline]) : request.signal;
  const admit: Admit = (task) =>
    searchAdmission().run(async () => {
      signal.throwIfAborted();
      return task();
    }, signal);
  try {
    return await untilAborted(run({ signal, admit }), signal);
  } catch (error) {
    // The client is gone; nobody reads this answer (499 as nginx logs it).
    if (request.signal.aborted) return new Response(null, { status: 499 });
    if (deadline?.aborted) throw new AppError("unavailable", `The search took longer than its deadline of ${deadlineMs} ms; narrow it (fewer symbols, dates or lengths) or try again shortly.`);
    // a full queue, or an identical search this one was sharing lost its client: lib/api/error-table.ts says 503
    throw error;
  }
}
