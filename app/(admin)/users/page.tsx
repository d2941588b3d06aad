import type { Metadata } from "next";
import { UsersAdmin } from "@/components/auth/users-admin";
import { describeAudit } from "@/lib/admin/describe-audit";
import { listAudit } from "@/lib/admin/list-audit";
import { listUsers } from "@/lib/auth/manage-users";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const ACCOUNT_ACTIONS = /^(user|account|setup)\./;

export default async function UsersPage() {
  const admin = await requireAdminPage("/users");
  if (!admin) return <p className="py-10 text-center text-muted">403: this page is for admins.</p>;
  const [users, audit] = await Promise.all([listUsers(db), listAudit(db, { limit: 200 })]);
  const accountAudit = audit.filter((a) => ACCOUNT_ACTIONS.test(a.action)).slice(0, 20);
  return (
    <div className="space-y-6 pb-12">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-muted">Who can sign in, and with which role. Every change below is written to the audit log.</p>
      </div>
      {/* Dates travel as JSON to the client component. */}
      <UsersAdmin users={JSON.parse(JSON.stringify(users))} currentUserId={admin.id} />
      <section className="rounded-xl border border-border bg-surface p-5" aria-labelledby="account-audit">
        <h2 id="account-audit" className="mb-3 font-semibold">
          Recent account changes
        </h2>
        {accountAudit.length === 0 ? (
          <p className="text-sm text-muted">None yet.</p>
        ) : (
          <table className="w-full text-sm" data-testid="account-audit">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className="py-2 pr-3 font-medium">When</th>
                <th className="py-2 pr-3 font-medium">Who</th>
                <th className="py-2 pr-3 font-medium">What</th>
                <th className="py-2 pr-3 font-medium">On</th>
              </tr>
            </thead>
            <tbody>
              {accountAudit.map((a) => (
                <tr key={a.id} className="border-t border-border">
                  <td className="whitespace-nowrap py-2 pr-3 text-muted">{new Date(a.createdAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="pr-3">{a.userEmail ?? "–"}</td>
                  <td className="pr-3">{describeAudit(a).what}</td>
                  <td className="break-all pr-3">{describeAudit(a).on}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
