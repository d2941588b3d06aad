import type { Metadata } from "next";
import { SettingsPanel } from "@/components/admin/settings-panel";
import { listAudit } from "@/lib/admin/list-audit";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { db } from "@/lib/db";
import { listJobs } from "@/lib/jobs/list-jobs";
import { listModelVersions } from "@/lib/model/list-model-versions";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requireAdminPage("/settings");
  const [jobs, versions, audit] = await Promise.all([listJobs(db, { limit: 15 }), listModelVersions(db, { limit: 30 }), listAudit(db, { limit: 40 })]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted">Retrain and activate the pattern model; every admin action is in the audit log below.</p>
      </div>
      {/* Dates and bigints travel as JSON to the client component. */}
      <SettingsPanel {...JSON.parse(JSON.stringify({ jobs, versions, audit }))} />
    </div>
  );
}
