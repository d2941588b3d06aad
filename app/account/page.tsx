import type { Metadata } from "next";
import { Section } from "@/components/ui/section";
import { redirect } from "next/navigation";
import { ApiTokens } from "@/components/auth/api-tokens";
import { ChangePasswordForm, SignOutEverywhere } from "@/components/auth/change-password-form";
import { listApiTokens, TOKEN_NAME_MAX_LENGTH } from "@/lib/auth/api-tokens";
import { getCurrentUser } from "@/lib/auth/current-user";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

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
      <Section id="password" title="Password" description="Changing it signs out every other browser and device using this account.">
        <ChangePasswordForm rules={{ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }} />
      </Section>
      <Section id="sessions" title="Sessions">
        <SignOutEverywhere sessions={sessions[0]?.n ?? 0} />
      </Section>
      <Section id="tokens" title="API tokens" description="For scripts that call the API, e.g. when the server requires sign-in (REQUIRE_LOGIN=true). Tokens expire; a read-only token cannot change anything.">
        <ApiTokens initial={JSON.parse(JSON.stringify(tokens))} nameMaxLength={TOKEN_NAME_MAX_LENGTH} />
      </Section>
    </div>
  );
}
