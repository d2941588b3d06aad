import type { Metadata } from "next";
import { DataPanel } from "@/components/admin/data-panel";
import { getRefreshStatus } from "@/lib/admin/get-refresh-status";
import { listTickerStats } from "@/lib/admin/list-ticker-stats";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { db } from "@/lib/db";
import { listProviderSymbols } from "@/lib/providers/provider-symbols";

export const metadata: Metadata = { title: "Data" };
export const dynamic = "force-dynamic";

export default async function DataPage() {
  await requireAdminPage("/data");
  const [tickers, symbols, refresh] = await Promise.all([listTickerStats(db), listProviderSymbols(db), getRefreshStatus(db)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Data</h1>
        <p className="text-sm text-muted">Import files, keep symbols current from a provider, delete tickers.</p>
      </div>
      {/* Dates travel as JSON to the client component. */}
      <DataPanel {...JSON.parse(JSON.stringify({ tickers, symbols, refresh }))} />
    </div>
  );
}
