import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/auth/api-tokens";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { getCurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?next=/account");
  const tokens = await listApiTokens(db, { userId: user.id });
  return (
    <div className="mx-auto max-w-3xl space-y-6 pb-12">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted">
          Signed in as <span className="font-medium text-fg">{user.email}</span> ({user.role}).
        </p>
      </div>
      <section className="rounded-xl border border-border bg-surface p-5">
        <h2 className="font-semibold">API tokens</h2>
        <p className="mb-4 text-sm text-muted">For scripts that call the API, e.g. when the server requires sign-in (REQUIRE_LOGIN=true).</p>
        <ApiTokens initial={JSON.parse(JSON.stringify(tokens))} />
      </section>
    </div>
  );
}
