import type { Metadata } from "next";
import { StatusPage } from "@/components/layout/status-page";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Admins only" };

/** A signed-in non-admin on an admin page (requireAdminPage calls forbidden(): HTTP 403). */
export default async function Forbidden() {
  const user = await getCurrentUser();
  return (
    <StatusPage code={403} title="This page is for admins" testId="forbidden" links={[{ href: "/", label: "Back to markets" }, { href: "/account", label: "Your account" }]}>
      <p>
        {user && (
          <>
            You are signed in as <span className="font-medium text-fg">{user.email}</span>, an {user.role}.{" "}
          </>
        )}
        Settings, Data and Users are for Patternscope administrators. Your account can use the charts, search and scan.
      </p>
      <p>Need access? Ask an admin to change your role on the Users page.</p>
    </StatusPage>
  );
}
