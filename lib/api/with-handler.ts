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

const UNAVAILABLE_CODES = new Set([
  // sockets
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection exceptions, too many connections
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300",
  // Prisma: cannot reach, timed out, server closed the connection, pool timeout
  "P1001", "P1002", "P1017", "P2024",
]);

/**
 * Connection-level failures (database down, restarting, frozen or out of connections) become 503, not 500. The
 * PostgreSQL code can sit deep in Prisma's error (meta.driverAdapterError.cause.originalCode), so the search
 * walks `cause`, `meta` and `driverAdapterError` links.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) if (typeof e[key] === "string" && UNAVAILABLE_CODES.has(e[key])) return true;
    for (const key of ["message", "originalMessage"]) {
      const message = typeof e[key] === "string" ? e[key] : "";
      if (/ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Can't reach database|DatabaseNotReachable|the database system is (starting|shutting) up|Client has encountered a connection error/i.test(message)) return true;
    }
    queue.push(e.cause, e.meta, e.driverAdapterError);
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
