import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse, withHandler } from "@/lib/api/with-handler";
import { readJson } from "@/lib/api/read-json-body";
import { clientIp } from "@/lib/auth/client-ip";
import { checkCsrf, expectedOrigin } from "@/lib/auth/csrf";
import { noStore } from "@/lib/auth/no-store";
import { safeNextPath } from "@/lib/auth/safe-next";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { signIn } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";

const bodySchema = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200), next: z.string().max(2048).optional() });

export const POST = noStore(
  withHandler(async (request) => {
    // Login CSRF: a third-party page must not sign a visitor into an account of the attacker's choosing.
    const csrf = checkCsrf(request);
    if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
    const body = bodySchema.parse(await readJson(request));
    try {
      const session = await signIn(db, { ...body, ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") });
      // Where the form goes next: only a path on this site (`next` from ?next=, which anyone can write).
      const response = NextResponse.json({ user: session.user, next: safeNextPath(body.next, expectedOrigin(request)) });
      setSessionCookie(response, request, session.token, session.expiresAt);
      return response;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "rate_limited")) throw error;
      const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
      return errorResponse(error, { "Retry-After": String(retryAfterSeconds) });
    }
  }),
);
