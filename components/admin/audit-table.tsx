"use client";

import type { AuditView, JobView } from "@/components/admin/types";
import { Table } from "@/components/ui/table";
import { describeAudit } from "@/lib/admin/describe-audit";
import { formatDateTime } from "@/lib/chart/format";

/** Audit rows in words (who did what to what, newest first): the Settings log and the Users page's account changes. */
export function AuditTable({ audit, jobs = [], empty = "Nothing recorded yet.", testId }: { audit: AuditView[]; jobs?: JobView[]; empty?: string; testId?: string }) {
  const lines = audit.map((a) => ({ ...a, line: describeAudit(a, jobs) }));
  return (
    <Table
      rows={lines}
      rowKey={(a) => a.id}
      testId={testId}
      empty={empty}
      minWidth="48rem"
      columns={[
        { key: "when", header: "When", cell: (a) => formatDateTime(a.createdAt), className: "whitespace-nowrap text-muted", sortValue: (r) => r.createdAt },
        { key: "who", header: "Who", className: "break-words", cell: (a) => a.userEmail ?? "–", sortValue: (r) => r.userEmail },
        { key: "what", header: "What", cell: (a) => <span title={a.action}>{a.line.what}</span> },
        { key: "on", header: "On", cell: (a) => a.line.on, className: "break-words" },
      ]}
    />
  );
}
