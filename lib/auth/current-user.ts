import "server-only";
import { headers } from "next/headers";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { sessionTokenFrom } from "@/lib/auth/session-cookie";
import type { AuthUser } from "@/lib/auth/types";
import { db } from "@/lib/db";

/** The signed-in user of the current server-component render, or null (also when the database is down). */
export async function getCurrentUser(): Promise<AuthUser | null> {
  const h = new Headers(await headers());
  h.delete("authorization");
  if (!sessionTokenFrom({ headers: h })) return null;
  try {
    const auth = await authenticateRequest(db, { headers: h });
    return auth?.user ?? null;
  } catch {
    return null;
  }
}
