import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/auth/api-tokens";
import { ChangePasswordForm, SignOutEverywhere } from "@/components/auth/change-password-form";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { getCurrentUser } from "@/lib/auth/current-user";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

const card = "rounded-xl border border-border bg-surface p-5";

export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?next=/account");
  const [tokens, sessions] = await Promise.all([
    listApiTokens(db, { userId: user.id }),
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM user_session WHERE user_id = ${user.id} AND expires_at > now()`,
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-6 pb-12">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted">
          Signed in as <span className="font-medium text-fg">{user.email}</span> ({user.role}).
        </p>
      </div>
      <section className={card} aria-labelledby="password">
        <h2 id="password" className="font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-muted">Changing it signs out every other browser and device using this account.</p>
        <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} />
      </section>
      <section className={card} aria-labelledby="sessions">
        <h2 id="sessions" className="mb-2 font-semibold">
          Sessions
        </h2>
        <SignOutEverywhere sessions={sessions[0]?.n ?? 0} />
      </section>
      <section className={card} aria-labelledby="tokens">
        <h2 id="tokens" className="font-semibold">
          API tokens
        </h2>
        <p className="mb-4 text-sm text-muted">
          For scripts that call the API, e.g. when the server requires sign-in (REQUIRE_LOGIN=true). Tokens expire; a read-only token cannot change
          anything.
        </p>
        <ApiTokens initial={JSON.parse(JSON.stringify(tokens))} />
      </section>
    </div>
  );
}
