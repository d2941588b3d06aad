import type { Role } from "@/lib/auth/config";

export type AuthUser = { id: number; email: string; role: Role };
/** How the request proved who it is: a browser session cookie or a personal API token. */
export type AuthVia = "session" | "token";
/** "read": a read-only API token, refused on state-changing routes; sessions and full tokens are "full". */
export type AuthScope = "full" | "read";
export type RequestAuth = { user: AuthUser; via: AuthVia; scope: AuthScope } | null;
