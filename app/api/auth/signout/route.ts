import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { withHandler } from "@/lib/api/with-handler";
import { clearSessionCookie, sessionTokenFrom } from "@/lib/auth/session-cookie";
import { checkCsrf } from "@/lib/auth/csrf";
import { deleteSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { noStore } from "@/lib/auth/no-store";

export const POST = noStore(withHandler(async (request) => {
  const csrf = checkCsrf(request);
  if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
  const token = sessionTokenFrom(request);
  if (token) await deleteSession(db, { token });
  const response = NextResponse.json({ ok: true });
  clearSessionCookie(response, request);
  return response;
}));
