"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { JobProgress } from "@/components/admin/job-progress";
import { RefreshStatusView, type RefreshStatusJson } from "@/components/admin/refresh-status";
import { UploadForm } from "@/components/admin/upload-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { callApi, errorMessage } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Form, formText, inputClass, selectClass, useFormErrors } from "@/components/ui/field";
import { Section } from "@/components/ui/section";
import { actionsColumn, Table } from "@/components/ui/table";
import { formatDate, formatDateTime } from "@/lib/chart/format";

type Ticker = { symbol: string; name: string | null; isSample: boolean; rows: number; first: string | null; last: string | null };
type ProviderSymbol = { id: number; symbol: string; provider: "yahoo" | "stooq"; enabled: boolean; lastRunAt: string | null; lastStatus: string | null; lastMessage: string | null };
type Pending = { kind: "ticker"; ticker: Ticker } | { kind: "symbol"; symbol: ProviderSymbol } | null;


export function DataPanel({ tickers, symbols, refresh }: { tickers: Ticker[]; symbols: ProviderSymbol[]; refresh: RefreshStatusJson }) {
  const router = useRouter();
  const [pending, setPending] = useState<Pending>(null);
  const [typed, setTyped] = useState("");
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState("");
  const symbolErrors = useFormErrors(["symbol", "provider"]);
  const [error, setError] = useState<string | null>(null);
  const [refreshJob, setRefreshJob] = useState<string | null>(null);
  const shown = tickers.filter((t) => !filter || t.symbol.includes(filter.toUpperCase()) || (t.name ?? "").toLowerCase().includes(filter.toLowerCase()));
  const totalRows = tickers.reduce((n, t) => n + t.rows, 0);

  const ask = (next: Pending) => {
    setTyped("");
    setDialogError(null);
    setPending(next);
  };
  const confirmPending = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === "ticker") {
        await callApi(`/api/admin/tickers/${encodeURIComponent(pending.ticker.symbol)}?confirm=${encodeURIComponent(typed.trim().toUpperCase())}`, { method: "DELETE" });
      } else {
        await callApi(`/api/admin/providers/${pending.symbol.id}`, { method: "DELETE" });
      }
      setPending(null);
      router.refresh();
    } catch (e) {
      setDialogError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-6 pb-12">
      <Section id="upload-price-files" title="Upload price files" description={<>Excel sheets (.xlsx), delimited text in any common dialect (comma, semicolon, tab or pipe; decimal commas, thousands separators, the date format read from the whole column) from Yahoo, Stooq, Investing.com, TradingView, MetaTrader and MetaStock, or JSON from Yahoo, AlphaVantage, Polygon, Tiingo and EOD, optionally gzipped: the same importer as <code className="font-mono text-xs">npm run import</code>.</>}>
        <UploadForm onDone={() => router.refresh()} />
      </Section>

      <Section id="keep-symbols-current" title="Keep symbols current" description={<>The worker fetches these {refresh.schedule} from the chosen provider and imports the answer; or run it now.</>}>
        <Form
          className="mb-4 grid items-start gap-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,12rem)_auto_1fr]"
          onSubmit={async (f, formEl) => {
            const symbol = formText(f, "symbol").trim();
            setError(null);
            if (!symbolErrors.check(symbol ? {} : { symbol: "Enter the symbol as the provider spells it" })) return;
            try {
              await callApi("/api/admin/providers", { method: "POST", json: { symbol, provider: f.get("provider") } });
              formEl.reset();
              router.refresh();
            } catch (e) {
              symbolErrors.fail(e);
            }
          }}
        >
          <Field label="Symbol" hint="As the provider spells it, e.g. AAPL or BRK-B" error={symbolErrors.fields.symbol}>
            {(p) => <input {...p} name="symbol" maxLength={20} placeholder="AAPL" autoComplete="off" className={inputClass} />}
          </Field>
          <Field label="Provider" error={symbolErrors.fields.provider}>
            {(p) => (
              <select {...p} name="provider" className={selectClass} defaultValue="yahoo">
                <option value="yahoo">Yahoo chart API</option>
                <option value="stooq">Stooq daily CSV</option>
              </select>
            )}
          </Field>
          <div className="sm:pt-6">
            <button type="submit" className={`${buttonSecondary} w-full`}>
              Add
            </button>
          </div>
          <div className="sm:justify-self-end sm:pt-6">
            <button
              type="button"
              className={`${buttonPrimary} w-full`}
              disabled={symbols.length === 0}
              title={symbols.length === 0 ? "Add a symbol first" : undefined}
              onClick={async () => {
                setError(null);
                try {
                  const job = await callApi<{ id: string }>("/api/admin/providers/refresh", { method: "POST", json: {} });
                  setRefreshJob(job.id);
                } catch (e) {
                  setError(errorMessage(e));
                }
              }}
            >
              Refresh now
            </button>
          </div>
        </Form>
        {(symbolErrors.form ?? error) && (
          <Alert tone="error" className="mb-4">
            {symbolErrors.form ?? error}
          </Alert>
        )}
        <RefreshStatusView status={refresh} />
        {refreshJob && (
          <div className="my-4">
            <JobProgress key={refreshJob} jobId={refreshJob} onFinished={() => router.refresh()} />
          </div>
        )}
        <Table
          rows={symbols}
          rowKey={(s) => s.id}
          testId="provider-symbols"
          empty="No symbols yet."
          rowNumbers
          columns={[
            { key: "symbol", header: "Symbol", className: "font-medium", cell: (s) => s.symbol, sortValue: (r) => r.symbol },
            { key: "provider", header: "Provider", cell: (s) => s.provider, sortValue: (r) => r.provider },
            { key: "run", header: "Last run", className: "whitespace-nowrap", cell: (s) => (s.lastRunAt ? formatDateTime(s.lastRunAt) : "never"), sortValue: (r) => r.lastRunAt },
            {
              key: "result",
              header: "Result",
              sortValue: (r) => r.lastStatus,
              cell: (s) => (s.lastStatus === "failed" ? <span className="text-down">failed: {s.lastMessage}</span> : (s.lastMessage ?? "")),
            },
            actionsColumn<ProviderSymbol>((s) => (
              <button type="button" className={`${buttonGhost} hover:text-down`} onClick={() => ask({ kind: "symbol", symbol: s })}>
                Remove
              </button>
            )),
          ]}
        />
      </Section>

      <Section
        id="tickers"
        title="Tickers"
        aside={
          <>
            <span className="text-sm text-muted">
              {tickers.length} tickers, {totalRows.toLocaleString()} rows
            </span>
            <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter" className={`${inputClass} w-full sm:ml-auto sm:max-w-48`} aria-label="Filter tickers" />
          </>
        }
      >
        <Table
          rows={shown}
          rowKey={(t) => t.symbol}
          testId="tickers-table"
          rowNumbers
          maxHeight="32rem"
          empty={filter ? `No ticker matches “${filter}”.` : "No tickers yet: upload a file above."}
          rowProps={(t) => ({ "data-testid": `ticker-${t.symbol}` })}
          // Name under the symbol and the dates as one range (two lines on a phone) keep the rows short.
          minWidth="22rem"
          columns={[
            {
              key: "symbol",
              header: "Symbol",
              className: "min-w-0",
              sortValue: (r) => r.symbol,
              cell: (t) => (
                <>
                  <span className="whitespace-nowrap font-medium">
                    {t.symbol} {t.isSample && <Badge>sample</Badge>}
                  </span>
                  {t.name && <div className="max-w-[11rem] truncate text-xs text-muted sm:max-w-[28rem]" title={t.name}>{t.name}</div>}
                </>
              ),
            },
            { key: "rows", header: "Rows", align: "right", className: "tabular-nums", cell: (t) => t.rows.toLocaleString(), sortValue: (r) => r.rows },
            {
              key: "dates",
              header: "Dates",
              className: "tabular-nums whitespace-nowrap text-muted",
              cell: (t) =>
                t.first ? (
                  <>
                    {formatDate(t.first)} –<br className="sm:hidden" /> {formatDate(t.last)}
                  </>
                ) : (
                  "–"
                ),
              sortValue: (r) => r.first,
            },
            actionsColumn<Ticker>((t) => (
              <button type="button" className={`${buttonGhost} hover:text-down`} onClick={() => ask({ kind: "ticker", ticker: t })}>
                Delete…
              </button>
            )),
          ]}
        />
      </Section>

      {pending?.kind === "ticker" && (
        <ConfirmDialog
          testId="confirm-delete-ticker"
          title={`Delete ${pending.ticker.symbol} and its prices?`}
          confirmLabel={`Delete ${pending.ticker.symbol}`}
          danger
          busy={busy}
          confirmDisabled={typed.trim().toUpperCase() !== pending.ticker.symbol}
          error={dialogError}
          onClose={() => setPending(null)}
          onConfirm={() => void confirmPending()}
        >
          <p>
            {pending.ticker.rows.toLocaleString()} rows{pending.ticker.first ? ` (${formatDate(pending.ticker.first)} to ${formatDate(pending.ticker.last)})` : ""} are removed, and searches stop finding{" "}
            {pending.ticker.symbol}. This cannot be undone; import the file again to bring it back.
          </p>
          <Field label={`Type ${pending.ticker.symbol} to confirm`} className="text-fg">
            {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} placeholder={pending.ticker.symbol} className={inputClass} />}
          </Field>
        </ConfirmDialog>
      )}
      {pending?.kind === "symbol" && (
        <ConfirmDialog
          testId="confirm-remove-symbol"
          title={`Stop refreshing ${pending.symbol.symbol}?`}
          confirmLabel="Remove from the list"
          danger
          busy={busy}
          error={dialogError}
          onClose={() => setPending(null)}
          onConfirm={() => void confirmPending()}
        >
          <p>The worker stops fetching {pending.symbol.symbol} from {pending.symbol.provider}. Its stored prices stay; delete the ticker below to remove them.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
