import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { expectedOrigin } from "@/lib/auth/csrf";
import { countUsers } from "@/lib/auth/find-user";
import { safeNextPath } from "@/lib/auth/safe-next";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(db)).admins === 0) redirect("/setup");
  const { next } = await searchParams;
  // Checked here as well as in the form and the sign-in route: the page never renders a foreign target.
  const safeNext = safeNextPath(next, expectedOrigin({ url: "http://localhost/", headers: await headers() }));
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-muted">Use the account your Patternscope admin gave you.</p>
      <div className="rounded-xl border border-border bg-surface p-5">
        <CredentialsForm endpoint="/api/auth/signin" submitLabel="Sign in" next={safeNext} />
      </div>
    </div>
  );
}
