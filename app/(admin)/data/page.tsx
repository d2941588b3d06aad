import type { Metadata } from "next";
import { DataPanel } from "@/components/admin/data-panel";
import { listTickerStats } from "@/lib/admin/list-ticker-stats";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { db } from "@/lib/db";
import { listProviderSymbols } from "@/lib/providers/provider-symbols";

export const metadata: Metadata = { title: "Data" };
export const dynamic = "force-dynamic";

export default async function DataPage() {
  const admin = await requireAdminPage("/data");
  if (!admin) return <p className="py-10 text-center text-muted">403: this page is for admins.</p>;
  const [tickers, symbols] = await Promise.all([listTickerStats(db), listProviderSymbols(db)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Data</h1>
        <p className="text-sm text-muted">Import files, keep symbols current from a provider, delete tickers.</p>
      </div>
      <DataPanel {...JSON.parse(JSON.stringify({ tickers, symbols }))} />
    </div>
  );
}
