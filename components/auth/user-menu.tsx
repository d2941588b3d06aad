import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getCurrentUser } from "@/lib/auth/current-user";

const link = "rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-2 hover:text-fg";

/** Header slot: "Sign in" for visitors; Settings/Data/Users for admins, Account and Sign out for any signed-in user. */
export async function UserMenu() {
  const user = await getCurrentUser();
  if (!user) {
    return (
      <Link href="/signin" className={link}>
        Sign in
      </Link>
    );
  }
  return (
    <nav aria-label="Account" className="flex items-center gap-1">
      {user.role === "admin" && (
        <>
          <Link href="/settings" className={link}>
            Settings
          </Link>
          <Link href="/data" className={link}>
            Data
          </Link>
          <Link href="/users" className={link}>
            Users
          </Link>
        </>
      )}
      <Link href="/account" className={link} title={`${user.email} (${user.role})`} data-testid="user-menu-account">
        Account
      </Link>
      <SignOutButton className={link} />
    </nav>
  );
}
