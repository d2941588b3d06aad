"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { ScanCard } from "@/components/scan/scan-card";
import { PresetGallery } from "@/components/search/preset-gallery";
import { useLatestRequest } from "@/components/search/use-latest-request";
import { buttonPrimary } from "@/components/ui/button-styles";
import { ApiError, callApi, isAbortError } from "@/components/ui/call-api";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, inputClass } from "@/components/ui/field";
import { formatInteger, withArticle } from "@/lib/chart/format";
import type { ScanResult } from "@/lib/search-server/scan-patterns";
import { PRESETS } from "@/lib/search/presets";

/** `limit` (how many tickers to list at most) comes from a shared link only; the server's cap applies without it. */
export type ScanParams = { pattern: string; lookback: number; minProbability: number; limit?: number };

/** Why a scan did not run: no active model (409), or another failure. */
type ScanFailure = { noModel: boolean; message: string };

/** Runs one scan and keeps the URL shareable. */
async function fetchScan(p: ScanParams, signal: AbortSignal): Promise<ScanResult> {
  const qs = new URLSearchParams({ pattern: p.pattern, lookback: String(p.lookback), minProbability: String(p.minProbability), ...(p.limit ? { limit: String(p.limit) } : {}) });
  window.history.replaceState(null, "", `/scan?${qs}`);
  try {
    return await callApi<ScanResult>(`/api/scan?${qs}`, { signal });
  } catch (error) {
    if (isAbortError(error) || !(error instanceof ApiError)) throw error;
    throw { noModel: error.status === 409, message: error.message } satisfies ScanFailure;
  }
}

const labelOf = (name: string) => PRESETS.find((p) => p.name === name)?.label ?? name;

/** "12 tickers forming a double bottom", or, past the cap, "Top 200 of 812 tickers forming ...". */
function ScanHeading({ result }: { result: ScanResult }) {
  const shape = withArticle(labelOf(result.pattern).toLowerCase());
  const n = result.matched;
  if (n > result.items.length) return <>Top {formatInteger(result.items.length)} of {formatInteger(n)} tickers forming {shape}</>;
  return <>{formatInteger(n)} {n === 1 ? "ticker" : "tickers"} forming {shape}</>;
}

/** The Scan page: pick a pattern, lookback and threshold; lists the tickers whose latest window the model labels so. */
export function ScanView({ initial }: { initial: ScanParams }) {
  const [params, setParams] = useState<ScanParams>(initial);
  // The scan is one batched inference over the latest windows: cheap enough to run as soon as the page opens.
  const { state: status, start } = useLatestRequest<ScanResult, ScanFailure>({ kind: "loading", startedAt: 0 });

  useEffect(() => {
    void start((signal) => fetchScan(initial, signal));
  }, [initial, start]);

  const run = (p: ScanParams) => void start((signal) => fetchScan(p, signal));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    run(params);
  };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Scan for patterns</h1>
        <p className="mt-1 text-sm text-muted">The pattern model classifies the latest candles of every ticker. Pick a shape to list the tickers forming it right now.</p>
      </div>

      <form onSubmit={submit} className="grid gap-5 lg:grid-cols-[1fr_280px] lg:items-start" aria-label="Pattern scan">
        <section className="rounded-xl border border-border bg-surface p-4 shadow-sm" aria-label="Pattern">
          <PresetGallery
            value={params.pattern}
            onSelect={(pattern) => {
              const next = { ...params, pattern };
              setParams(next);
              run(next);
            }}
          />
        </section>
        <section className="space-y-3 rounded-xl border border-border bg-surface p-4 shadow-sm" aria-label="Scan options">
          <Field compact label="Lookback (candles)" hint="Trading days on daily data, months on monthly data.">
            {(p) => <input {...p} type="number" min={20} max={250} inputMode="numeric" className={inputClass} value={params.lookback} onChange={(e) => setParams({ ...params, lookback: Number(e.target.value) })} data-testid="scan-lookback" />}
          </Field>
          <Field compact label={`Minimum probability: ${(params.minProbability * 100).toFixed(0)}%`}>
            {(p) => <input {...p} type="range" min={0} max={1} step={0.05} className="w-full accent-[var(--accent)]" value={params.minProbability} onChange={(e) => setParams({ ...params, minProbability: Number(e.target.value) })} data-testid="scan-min-probability" />}
          </Field>
          <button type="submit" className={`${buttonPrimary} w-full`} disabled={status.kind === "loading"} data-testid="run-scan">
            {status.kind === "loading" ? "Scanning…" : "Scan"}
          </button>
        </section>
      </form>

      <div aria-live="polite" aria-busy={status.kind === "loading"}>
        {status.kind === "loading" ? (
          <div className="rounded-xl border border-border bg-surface p-6" data-testid="scan-loading">
            <span className="text-sm font-medium">Classifying every ticker’s latest {params.lookback} candles…</span>
            <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-surface-2">
              <div className="h-full w-1/3 animate-[progress_1.2s_ease-in-out_infinite] rounded-full bg-accent" />
            </div>
          </div>
        ) : null}
        {status.kind === "error" && status.error.noModel ? (
          <EmptyState title="No active model" action={<Link href="/settings" className={buttonPrimary}>Open Settings</Link>}>
            Scans need a trained pattern model. An admin can train one in Settings (or run <code>npm run train</code>) and activate it.
          </EmptyState>
        ) : null}
        {status.kind === "error" && !status.error.noModel ? (
          <div role="alert" className="rounded-xl border border-down/30 bg-down/5 p-4 text-sm" data-testid="scan-error">
            <p className="font-medium text-down">The scan did not run</p>
            <p className="mt-1 text-fg">{status.error.message}</p>
          </div>
        ) : null}
        {status.kind === "done" ? (
          <div className="space-y-4" data-testid="scan-results">
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
              <h2 className="text-lg font-semibold tracking-tight" data-testid="scan-heading">
                <ScanHeading result={status.data} />
              </h2>
              <p className="text-xs text-muted">
                last {status.data.lookback} candles · ≥ {(status.data.minProbability * 100).toFixed(0)}% · {formatInteger(status.data.scanned)} tickers scanned · model v{status.data.model.version} · {status.data.tookMs} ms
              </p>
            </div>
            {status.data.items.length === 0 ? (
              <EmptyState title="No ticker matches">No ticker’s latest {status.data.lookback} candles look like {withArticle(labelOf(status.data.pattern).toLowerCase())} with this confidence. Lower the minimum probability or change the lookback.</EmptyState>
            ) : (
              <>
              {status.data.matched > status.data.items.length ? (
                <p className="rounded-lg border border-border bg-surface-2 px-4 py-2.5 text-sm text-muted" data-testid="scan-cap">
                  Listing the {formatInteger(status.data.items.length)} most probable: a scan lists at most {formatInteger(status.data.limit)}. Raise the minimum probability to narrow the {formatInteger(status.data.matched)} down.
                </p>
              ) : null}
              <ol className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
                {status.data.items.map((item, i) => (
                  <ScanCard key={item.symbol} item={item} rank={i + 1} />
                ))}
              </ol>
              </>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}
