import { NextResponse } from "next/server";
import { signOutEverywhere } from "@/lib/auth/account";
import { noStore } from "@/lib/auth/no-store";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

/** "Sign out everywhere": ends every session of the caller, this one included. */
export const DELETE = noStore(
  withUser(async (request, { user }) => {
    const { ended } = await signOutEverywhere(db, { user });
    const response = NextResponse.json({ ok: true, ended });
    clearSessionCookie(response, request);
    return response;
  }),
);
