import { AppError } from "@/lib/api/app-error";
import { errorResponse, withHandler } from "@/lib/api/with-handler";
import { clientIp } from "@/lib/auth/client-ip";
import { db } from "@/lib/db";
import { readJsonBody } from "@/lib/api/read-json-body";
import { searchRateLimiter } from "@/lib/search-server/search-rate-limit";
import { AdmissionAbortedError, AdmissionFullError, searchAdmission } from "@/lib/search-server/admission";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { SearchCancelledError } from "@/lib/search/search-input-error";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY_BYTES = 256 * 1024;

export const POST = withHandler(async (request) => {
  const limited = searchRateLimiter()?.hit(clientIp(request.headers));
  if (limited && !limited.allowed) {
    const seconds = Math.max(1, Math.ceil(limited.retryAfterMs / 1000));
    return errorResponse(new AppError("rate_limited", "Too many searches from this client; try again later."), { "Retry-After": String(seconds) });
  }
  const body = await readJsonBody({ request, maxBytes: MAX_BODY_BYTES });
  try {
    return await runSearchRequest({
      db,
      body,
      signal: request.signal,
      admit: (task) =>
        searchAdmission().run(async () => {
          request.signal.throwIfAborted();
          return task();
        }, request.signal),
    });
  } catch (error) {
    if (error instanceof AdmissionFullError) {
      return errorResponse(new AppError("unavailable", error.message), { "Retry-After": String(error.retryAfterSeconds) });
    }
    // The client is gone; nobody reads this answer (499 as nginx logs it).
    if (request.signal.aborted) return new Response(null, { status: 499 });
    // An identical search this one was sharing lost its client: ask this client to retry.
    if (error instanceof AdmissionAbortedError || error instanceof SearchCancelledError) return errorResponse(new AppError("unavailable", "The search was cancelled; try again."), { "Retry-After": "1" });
    throw error;
  }
});
