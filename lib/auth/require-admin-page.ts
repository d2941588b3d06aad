import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { AuthUser } from "@/lib/auth/types";

/**
 * For admin pages: sends visitors to sign in, and answers a signed-in non-admin with HTTP 403 and the styled
 * app/forbidden.tsx page (next/navigation's forbidden(), behind next.config's experimental authInterrupts).
 */
export async function requireAdminPage(path: string): Promise<AuthUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  if (user.role !== "admin") forbidden();
  return user;
}
