import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson } from "@/lib/api/read-json-body";
import { changeOwnPassword } from "@/lib/auth/account";
import { clientIp } from "@/lib/auth/client-ip";
import { noStore } from "@/lib/auth/no-store";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { withUser } from "@/lib/api/with-auth";
import { AppError } from "@/lib/errors/app-error";
import { db } from "@/lib/db";

const bodySchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });

/** Changes the caller's password; all their sessions end and this browser gets a fresh one. Browser sessions only. */
export const POST = noStore(
  withUser(async (request, { user, via }) => {
    if (via !== "session") throw new AppError("forbidden", "Change your password from the account page, not with an API token");
    const body = bodySchema.parse(await readJson(request));
    const session = await changeOwnPassword(db, { user, ...body, address: clientIp(request.headers), userAgent: request.headers.get("user-agent") });
    const response = NextResponse.json({ ok: true });
    setSessionCookie(response, request, session.token, session.expiresAt);
    return response;
  }),
);
