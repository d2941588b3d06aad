import "server-only";
import { cookies, headers } from "next/headers";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { SESSION_COOKIE } from "@/lib/auth/config";
import type { AuthUser } from "@/lib/auth/types";
import { db } from "@/lib/db";

/** The signed-in user of the current server-component render, or null (also when the database is down). */
export async function getCurrentUser(): Promise<AuthUser | null> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const h = new Headers(await headers());
  h.delete("authorization");
  try {
    const auth = await authenticateRequest(db, { headers: h });
    return auth?.user ?? null;
  } catch {
    return null;
  }
}
