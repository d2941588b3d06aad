import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { withHandler } from "@/lib/api/with-handler";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { checkCsrf } from "@/lib/auth/csrf";
import type { Role } from "@/lib/auth/config";
import type { AuthUser, AuthVia } from "@/lib/auth/types";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
import { db } from "@/lib/db";

type AuthedHandler<P> = (
  request: NextRequest,
  context: { params: P; user: AuthUser; via: AuthVia },
) => Promise<Response | unknown>;

/**
 * The one gate for authenticated routes: 401 without a valid session/token, 403 with the wrong role or a
 * read-only token on a state-changing method, 403 for a
 * cookie-authenticated state-changing request that fails the CSRF origin check (bearer tokens are exempt: a
 * third-party page cannot attach them). Errors are mapped by withHandler.
 */
function withRole<P = Record<string, string>>(roles: readonly Role[], handler: AuthedHandler<P>) {
  return withHandler<P>(async (request, { params }) => {
    const auth = await authenticateRequest(db, request);
    if (!auth) throw new AppError("unauthorized", "Sign in or send an API token");
    if (!roles.includes(auth.user.role)) throw new AppError("forbidden", "Your role may not do this");
    if (auth.scope === "read" && !SAFE_METHODS.has(request.method)) throw new AppError("forbidden", "This API token is read-only");
    if (auth.via === "session") {
      const csrf = checkCsrf(request);
      if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
    }
    return handler(request, { params, user: auth.user, via: auth.via });
  }, { authenticates: true });
}

/** Every app/api/admin route is wrapped in this (a test enumerates them). */
export function withAdmin<P = Record<string, string>>(handler: AuthedHandler<P>) {
  return withRole<P>(["admin"], handler);
}

/** Any signed-in user (account pages: tokens, sign-out). */
export function withUser<P = Record<string, string>>(handler: AuthedHandler<P>) {
  return withRole<P>(["admin", "investor"], handler);
}
