import { ZodError } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

type NamedError = Error & Record<string, unknown>;

const retryShortly = () => new AppError("unavailable", "The search was cancelled; try again.", undefined, { retryAfterSeconds: 1 });

/**
 * The one table from the domains' own errors to API errors (the code fixes the status: lib/errors/app-error.ts).
 * Keyed by the error's name, so lib/api imports none of the domains it maps and no folder loop forms.
 */
const DOMAIN_ERRORS: Record<string, (error: NamedError) => AppError> = {
  // lib/search: a request the index cannot answer (unknown symbol or series, empty range)
  SearchInputError: (e) => new AppError("bad_request", e.message, { field: e.field }),
  // lib/search: the scan stopped because the client that started it left (a search sharing it retries)
  SearchCancelledError: retryShortly,
  // lib/search-server: the admission queue is full, or a shared search lost its client before it started
  AdmissionFullError: (e) => new AppError("unavailable", e.message, undefined, { retryAfterSeconds: Number(e.retryAfterSeconds) || 1 }),
  AdmissionAbortedError: retryShortly,
};

function zodToAppError(error: ZodError): AppError {
  const first = error.issues[0];
  const field = first?.path.length ? first.path.join(".") : "body";
  return new AppError("bad_request", `${field}: ${first?.message ?? "invalid value"}`, {
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/** Any thrown value as the API error it is: 400 naming the field, 503 with Retry-After, or a 500 that hides it. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return zodToAppError(error);
  const domain = error instanceof Error ? DOMAIN_ERRORS[error.name] : undefined;
  if (domain) return domain(error as NamedError);
  if (isDatabaseUnavailable(error)) return new AppError("unavailable", "The database is unreachable; try again shortly.", undefined, { retryAfterSeconds: 5 });
  return new AppError("internal", "Internal server error");
}
