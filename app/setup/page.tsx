import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/auth/find-user";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "First-run setup" };
export const dynamic = "force-dynamic";

/** Shown only while no admin exists (the API refuses afterwards too), and useless without the setup token. */
export default async function SetupPage() {
  if ((await countUsers(db)).admins > 0) redirect("/signin");
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-xl font-semibold tracking-tight">Create the first admin</h1>
      <p className="mt-1 mb-6 text-sm text-muted">
        No admin exists yet. The first admin runs this server: users, the model and the data. To prove you run the
        server, paste the setup token it printed to its log at start (also in its <code className="font-mono text-xs">data/setup-token</code> file).
        Setting ADMIN_EMAIL and ADMIN_PASSWORD before the start creates the admin instead.
      </p>
      <div className="rounded-xl border border-border bg-surface p-5">
        <CredentialsForm endpoint="/api/auth/setup" submitLabel="Create admin" next="/settings" newPassword={{ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }} askSetupToken />
      </div>
    </div>
  );
}
