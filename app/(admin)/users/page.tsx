import type { Metadata } from "next";
import { Section } from "@/components/ui/section";
import { AuditTable } from "@/components/admin/audit-table";
import { UsersAdmin } from "@/components/auth/users-admin";
import { listAudit } from "@/lib/admin/list-audit";
import { listUsers } from "@/lib/auth/manage-users";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const ACCOUNT_ACTIONS = /^(user|account|setup)\./;

export default async function UsersPage() {
  const admin = await requireAdminPage("/users");
  const [users, audit] = await Promise.all([listUsers(db), listAudit(db, { limit: 200 })]);
  const accountAudit = audit.filter((a) => ACCOUNT_ACTIONS.test(a.action)).slice(0, 20);
  return (
    <div className="space-y-6 pb-12">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-muted">Who can sign in, and with which role. Every change below is written to the audit log.</p>
      </div>
      {/* Dates travel as JSON to the client component. */}
      <UsersAdmin users={JSON.parse(JSON.stringify(users))} currentUserId={admin.id} passwordRules={{ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }} />
      <Section id="account-audit" title="Recent account changes">
        <AuditTable audit={JSON.parse(JSON.stringify(accountAudit))} empty="None yet." testId="account-audit" />
      </Section>
    </div>
  );
}
