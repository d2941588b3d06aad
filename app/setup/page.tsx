import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/auth/find-user";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "First-run setup" };
export const dynamic = "force-dynamic";

/** Shown only while no account exists (the API refuses afterwards too). */
export default async function SetupPage() {
  if ((await countUsers(db)).users > 0) redirect("/signin");
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-xl font-semibold tracking-tight">Create the first admin</h1>
      <p className="mt-1 mb-6 text-sm text-muted">
        No account exists yet. The first account administers this server: it retrains the model and manages data.
        (Setting ADMIN_EMAIL and ADMIN_PASSWORD before the first start does the same.)
      </p>
      <div className="rounded-xl border border-border bg-surface p-5">
        <CredentialsForm endpoint="/api/auth/setup" submitLabel="Create admin" next="/settings" minPassword={PASSWORD_MIN_LENGTH} />
      </div>
    </div>
  );
}
