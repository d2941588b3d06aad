import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/auth/find-user";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(db)).admins === 0) redirect("/setup");
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-muted">Use the account your Patternscope admin gave you.</p>
      <div className="rounded-xl border border-border bg-surface p-5">
        <CredentialsForm endpoint="/api/auth/signin" submitLabel="Sign in" next={typeof next === "string" ? next : "/"} />
      </div>
    </div>
  );
}
