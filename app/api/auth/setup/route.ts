import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/api/app-error";
import { withHandler } from "@/lib/api/with-handler";
import { recordAudit } from "@/lib/admin/record-audit";
import { checkCsrf } from "@/lib/auth/csrf";
import { createUser } from "@/lib/auth/create-user";
import { countUsers } from "@/lib/auth/find-user";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { readJson } from "@/lib/api/read-json";
import { noStore } from "@/lib/auth/no-store";

const bodySchema = z.object({ email: z.string().max(254), password: z.string().min(1).max(200) });

/** First-run setup: creates the first admin, only while no user exists at all (then it answers 409 forever). */
export const POST = noStore(withHandler(async (request) => {
  const csrf = checkCsrf(request);
  if (!csrf.ok) throw new AppError("forbidden", `CSRF check failed: ${csrf.reason}`);
  const body = bodySchema.parse(await readJson(request));
  if ((await countUsers(db)).users > 0) throw new AppError("conflict", "Setup is done: sign in instead");
  // The unique email index and this re-check keep two racing setups from both succeeding with different emails.
  const user = await createUser(db, { ...body, role: "admin" });
  if ((await countUsers(db)).users > 1) {
    await db.$executeRaw`DELETE FROM app_user WHERE id = ${user.id}`;
    throw new AppError("conflict", "Setup is done: sign in instead");
  }
  await recordAudit(db, { user, action: "setup.first-admin", target: user.email });
  const session = await createSession(db, { userId: user.id, userAgent: request.headers.get("user-agent") });
  const response = NextResponse.json({ user }, { status: 201 });
  setSessionCookie(response, request, session.token, session.expiresAt);
  return response;
}));
