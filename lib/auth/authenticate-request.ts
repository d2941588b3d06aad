import type { Db } from "@/lib/db/client";
import { findTokenUser } from "@/lib/auth/api-tokens";
import { sessionTokenFrom } from "@/lib/auth/session-cookie";
import { findSessionUser } from "@/lib/auth/sessions";
import type { RequestAuth } from "@/lib/auth/types";

/** Who sent the request: `Authorization: Bearer <api token>` first, then the session cookie; null if neither. */
export async function authenticateRequest(db: Db, request: { url?: string; headers: Headers }): Promise<RequestAuth> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const found = match ? await findTokenUser(db, { token: match[1]! }) : null;
    // A wrong bearer token is anonymous, never a fall-through to the cookie: a script should learn its token is bad.
    return found ? { user: found.user, via: "token", scope: found.scope } : null;
  }
  const token = sessionTokenFrom(request);
  if (!token) return null;
  const user = await findSessionUser(db, { token });
  return user ? { user, via: "session", scope: "full" } : null;
}
