import { NextResponse } from "next/server";
import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { readJson } from "@/lib/api/read-json-body";
import { checkCsrf } from "@/lib/auth/csrf";
import { AppError } from "@/lib/errors/app-error";
import { noStore } from "@/lib/auth/no-store";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { completeSetup } from "@/lib/auth/complete-setup";
import { db } from "@/lib/db";

const bodySchema = z.object({ email: z.string().max(254), password: z.string().min(1).max(200), setupToken: z.string().max(200).optional() });

/** First-run setup: creates the first admin while none exists, given the setup token from the server's log. */
export const POST = noStore(
  withHandler(async (request) => {
    const csrf = checkCsrf(request);
    if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
    const body = bodySchema.parse(await readJson(request));
    const { user, session } = await completeSetup(db, { ...body, userAgent: request.headers.get("user-agent") });
    const response = NextResponse.json({ user }, { status: 201 });
    setSessionCookie(response, request, session.token, session.expiresAt);
    return response;
  }),
);
