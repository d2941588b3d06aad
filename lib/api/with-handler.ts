import { NextResponse, type NextRequest } from "next/server";
import type { AppError } from "@/lib/api/app-error";
import { toAppError } from "@/lib/api/error-table";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: NextRequest, context: { params: P }) => Promise<Response | unknown>;

/** `{ error: { code, message, details? } }` with the code's status, and Retry-After when the error says when to retry. */
export function errorResponse(error: AppError, headers?: HeadersInit): NextResponse {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  const all = new Headers(headers);
  if (error.retryAfterSeconds !== undefined && !all.has("retry-after")) all.set("Retry-After", String(error.retryAfterSeconds));
  return NextResponse.json(body, { status: error.status, headers: all });
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
      return errorResponse(appError);
    }
  };
}
