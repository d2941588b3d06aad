import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { AppError } from "@/lib/api/app-error";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: NextRequest, context: { params: P }) => Promise<Response | unknown>;

export function errorResponse(error: AppError, headers?: HeadersInit): NextResponse {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  return NextResponse.json(body, { status: error.status, headers });
}

/** Connection-level failures (database down or restarting) become 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    const code = typeof e.code === "string" ? e.code : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P03", "P1001", "P1017"].includes(code)) return true;
    if (/ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Can't reach database|DatabaseNotReachable|the database system is (starting|shutting) up|Client has encountered a connection error/i.test(message)) return true;
    current = e.cause;
  }
  return false;
}

export function zodToAppError(error: ZodError): AppError {
  const first = error.issues[0];
  const field = first?.path.length ? first.path.join(".") : "body";
  return new AppError("bad_request", `${field}: ${first?.message ?? "invalid value"}`, {
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return zodToAppError(error);
  if (isDatabaseUnavailable(error)) return new AppError("unavailable", "The database is unreachable; try again shortly.");
  return new AppError("internal", "Internal server error");
}

/**
 * Wraps a route handler: awaits params, maps errors to `{ error: { code, message } }` with the right status,
 * and turns plain return values into JSON. Handlers stay thin: parse -> call lib -> return.
 */
export function withHandler<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const params = (await context?.params) ?? ({} as P);
      const result = await handler(request, { params });
      if (result instanceof Response) return result;
      return NextResponse.json(result);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") console.error(`[api] ${request.method} ${request.nextUrl.pathname}`, error);
      return errorResponse(appError, appError.code === "unavailable" ? { "Retry-After": "5" } : undefined);
    }
  };
}
