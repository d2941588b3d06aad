"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/ui/call-api";
import { JobProgress } from "@/components/admin/job-progress";
import { UploadForm } from "@/components/admin/upload-form";
import { inputClass } from "@/components/auth/credentials-form";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

type Ticker = { symbol: string; name: string | null; isSample: boolean; rows: number; first: string | null; last: string | null };
type ProviderSymbol = { id: number; symbol: string; provider: "yahoo" | "stooq"; enabled: boolean; lastRunAt: string | null; lastStatus: string | null; lastMessage: string | null };

const card = "rounded-xl border border-border bg-surface p-5";

export function DataPanel({ tickers, symbols }: { tickers: Ticker[]; symbols: ProviderSymbol[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [refreshJob, setRefreshJob] = useState<string | null>(null);
  const shown = tickers.filter((t) => !filter || t.symbol.includes(filter.toUpperCase()) || (t.name ?? "").toLowerCase().includes(filter.toLowerCase()));
  const totalRows = tickers.reduce((n, t) => n + t.rows, 0);

  return (
    <div className="space-y-6 pb-12">
      <section className={card}>
        <h2 className="font-semibold">Upload price files</h2>
        <p className="mb-4 text-sm text-muted">CSV (long, Yahoo, Stooq, AlphaVantage) or JSON (Yahoo chart, AlphaVantage, fundamentals), optionally gzipped: the same importer as `npm run import`.</p>
        <UploadForm onDone={() => router.refresh()} />
      </section>

      <section className={card}>
        <h2 className="font-semibold">Keep symbols current</h2>
        <p className="mb-4 text-sm text-muted">The worker fetches these daily (06:15 UTC) from the chosen provider and imports the answer; or run it now.</p>
        <form
          className="mb-4 flex flex-wrap gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            const formEl = event.currentTarget;
            const f = new FormData(formEl);
            setError(null);
            try {
              await callApi("/api/admin/providers", { method: "POST", json: { symbol: f.get("symbol"), provider: f.get("provider") } });
              formEl.reset();
              router.refresh();
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <input name="symbol" required maxLength={20} placeholder="Symbol, e.g. AAPL" className={`${inputClass} max-w-48`} aria-label="Symbol" />
          <select name="provider" className={`${inputClass} max-w-40`} aria-label="Provider" defaultValue="yahoo">
            <option value="yahoo">Yahoo chart API</option>
            <option value="stooq">Stooq daily CSV</option>
          </select>
          <button type="submit" className={buttonSecondary}>
            Add
          </button>
          <button
            type="button"
            className={`${buttonPrimary} ml-auto`}
            disabled={symbols.length === 0}
            onClick={async () => {
              setError(null);
              try {
                const job = await callApi<{ id: string }>("/api/admin/providers/refresh", { method: "POST", json: {} });
                setRefreshJob(job.id);
              } catch (e) {
                setError((e as Error).message);
              }
            }}
          >
            Refresh now
          </button>
        </form>
        {refreshJob && (
          <div className="mb-4">
            <JobProgress key={refreshJob} jobId={refreshJob} onFinished={() => router.refresh()} />
          </div>
        )}
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="py-2 pr-3">Symbol</th>
              <th className="pr-3">Provider</th>
              <th className="pr-3">Last run</th>
              <th className="pr-3">Result</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {symbols.length === 0 && (
              <tr>
                <td colSpan={5} className="py-3 text-muted">
                  No symbols yet.
                </td>
              </tr>
            )}
            {symbols.map((s) => (
              <tr key={s.id} className="border-t border-border">
                <td className="py-2 pr-3 font-medium">{s.symbol}</td>
                <td className="pr-3">{s.provider}</td>
                <td className="pr-3">{s.lastRunAt ? new Date(s.lastRunAt).toLocaleString() : "never"}</td>
                <td className={`pr-3 ${s.lastStatus === "failed" ? "text-down" : ""}`}>{s.lastMessage ?? ""}</td>
                <td className="text-right">
                  <button
                    type="button"
                    className={buttonGhost}
                    onClick={async () => {
                      await callApi(`/api/admin/providers/${s.id}`, { method: "DELETE" }).catch((e: Error) => setError(e.message));
                      router.refresh();
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {error && (
        <p role="alert" className="text-sm text-down">
          {error}
        </p>
      )}

      <section className={card}>
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 className="font-semibold">Tickers</h2>
          <span className="text-sm text-muted">
            {tickers.length} tickers, {totalRows.toLocaleString()} daily rows
          </span>
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter" className={`${inputClass} ml-auto max-w-48`} aria-label="Filter tickers" />
        </div>
        <div className="max-h-[32rem] overflow-y-auto">
          <table className="w-full text-sm" data-testid="tickers-table">
            <thead className="sticky top-0 bg-surface text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className="py-2 pr-3">Symbol</th>
                <th className="pr-3">Name</th>
                <th className="pr-3 text-right">Rows</th>
                <th className="pr-3">From</th>
                <th className="pr-3">To</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr key={t.symbol} className="border-t border-border">
                  <td className="py-2 pr-3 font-medium">
                    {t.symbol} {t.isSample && <Badge>sample</Badge>}
                  </td>
                  <td className="pr-3 text-muted">{t.name ?? ""}</td>
                  <td className="pr-3 text-right tabular-nums">{t.rows.toLocaleString()}</td>
                  <td className="pr-3 tabular-nums">{t.first ?? "–"}</td>
                  <td className="pr-3 tabular-nums">{t.last ?? "–"}</td>
                  <td className="whitespace-nowrap text-right">
                    {confirming === t.symbol ? (
                      <form
                        className="inline-flex items-center gap-2"
                        onSubmit={async (event) => {
                          event.preventDefault();
                          try {
                            await callApi(`/api/admin/tickers/${encodeURIComponent(t.symbol)}?confirm=${encodeURIComponent(typed)}`, { method: "DELETE" });
                            setConfirming(null);
                            router.refresh();
                          } catch (e) {
                            setError((e as Error).message);
                          }
                        }}
                      >
                        <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={`Type ${t.symbol}`} className={`${inputClass} h-8 w-28`} aria-label={`Type ${t.symbol} to confirm`} autoFocus />
                        <button type="submit" disabled={typed.toUpperCase() !== t.symbol} className={`${buttonSecondary} h-8 text-down`}>
                          Delete
                        </button>
                        <button type="button" className={buttonGhost} onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </form>
                    ) : (
                      <button
                        type="button"
                        className={buttonGhost}
                        onClick={() => {
                          setConfirming(t.symbol);
                          setTyped("");
                        }}
                      >
                        Delete…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
