import { NextResponse } from "next/server";
import { AppError } from "@/lib/api/app-error";
import { withHandler } from "@/lib/api/with-handler";
import { sessionTokenFrom } from "@/lib/auth/authenticate-request";
import { checkCsrf } from "@/lib/auth/csrf";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { deleteSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";

export const POST = withHandler(async (request) => {
  const csrf = checkCsrf(request);
  if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
  const token = sessionTokenFrom(request.headers);
  if (token) await deleteSession(db, { token });
  const response = NextResponse.json({ ok: true });
  clearSessionCookie(response, request);
  return response;
});
