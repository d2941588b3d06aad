import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { toAppError } from "@/lib/api/error-table";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { requireLogin } from "@/lib/auth/config";
import { isPublicPath } from "@/lib/auth/public-paths";
import { db } from "@/lib/db";

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

/** REQUIRE_LOGIN=true: anonymous calls of non-public API routes get 401 (the API is outside proxy.ts's matcher). */
async function loginGate(request: NextRequest): Promise<Response | null> {
  if (!requireLogin() || isPublicPath(request.nextUrl.pathname)) return null;
  if (await authenticateRequest(db, request)) return null;
  return errorResponse(
    new AppError("unauthorized", "This server requires sign-in: send a session cookie or Authorization: Bearer <token>"),
    { "WWW-Authenticate": 'Bearer realm="patternscope"' },
  );
}

/**
 * Wraps a route handler: applies REQUIRE_LOGIN, awaits params, maps errors to `{ error: { code, message } }` with
 * the right status, and turns plain return values into JSON. Handlers stay thin: parse -> call lib -> return.
 * `authenticates: true` is for wrappers that demand a user themselves (withRole), so the gate's lookup is not doubled.
 */
export function withHandler<P = Record<string, string>>(handler: Handler<P>, options: { authenticates?: boolean } = {}) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      if (!options.authenticates) {
        const refused = await loginGate(request);
        if (refused) return refused;
      }
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
