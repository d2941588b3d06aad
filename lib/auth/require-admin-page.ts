import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { AuthUser } from "@/lib/auth/types";

/**
 * For admin pages: sends visitors to sign in; returns null for a signed-in non-admin (the page then renders a
 * "forbidden" notice; proxy.ts has already answered such requests with HTTP 403).
 */
export async function requireAdminPage(path: string): Promise<AuthUser | null> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return user.role === "admin" ? user : null;
}
