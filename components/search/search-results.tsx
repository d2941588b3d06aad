"use client";

import { useEffect, useState } from "react";
import { MatchCard } from "@/components/search/match-card";
import { matchKey } from "@/components/search/search-history";
import type { RequestState } from "@/components/search/use-latest-request";
import { buttonGhost, buttonSecondary } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { describeEngine } from "@/lib/chart/describe-engine";
import { formatInteger } from "@/lib/chart/format";
import type { FieldError } from "@/lib/chart/search-field-errors";
import { describeQuery, type SearchQueryState } from "@/lib/chart/search-url";
import type { SearchResult } from "@/lib/search/types";

/** One answered search: the result, the query it answered, and which matches are new to a saved search. */
export type SearchRun = { result: SearchResult; query: SearchQueryState; asked: string; request: Record<string, unknown>; url: string; newKeys: Set<string> | null };

/** What the results column shows: nothing yet, the search running, why it did not run, or the matches. */
export type SearchStatus = RequestState<SearchRun, { message: string; fieldError: FieldError | null }>;

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(t);
  }, []);
  return <span className="tabular text-muted">{(Math.max(0, now - since) / 1000).toFixed(1)} s</span>;
}

function CopyLinkButton() {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <button type="button" className={buttonGhost} onClick={() => void copy()} data-testid="copy-link" aria-live="polite">
      {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed: use the address bar" : "Copy link"}
    </button>
  );
}

export function SearchResults({ status, horizon, isSaved, saveError, notice, cadenceWarning, onSave, onCancel }: { status: SearchStatus; horizon: number; isSaved: boolean; saveError: string | null; notice?: React.ReactNode; cadenceWarning: string | null; onSave: () => void; onCancel: () => void }) {
  if (status.kind === "idle") return <EmptyState title="No search yet">Choose a shape above and press Search. Results show each match with the {horizon} trading days after it.</EmptyState>;
  if (status.kind === "loading") {
    return (
      <div className="rounded-xl border border-border bg-surface p-6" data-testid="search-loading">
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium">Searching every ticker…</span>
          <Elapsed since={status.startedAt} />
        </div>
        <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-surface-2">
          <div className="h-full w-1/3 animate-[progress_1.2s_ease-in-out_infinite] rounded-full bg-accent" />
        </div>
        <button type="button" className={`${buttonGhost} mt-3`} onClick={onCancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (status.kind === "error") {
    return (
      <div role="alert" className="rounded-xl border border-down/30 bg-down/5 p-4 text-sm" data-testid="search-error">
        <p className="font-medium text-down">The search did not run</p>
        <p className="mt-1 text-fg">{status.error.fieldError ? `${status.error.fieldError.message} (marked on its field in the form)` : status.error.message}</p>
      </div>
    );
  }
  const { result, query, asked, newKeys } = status.data;
  const isSequence = query.type === "sequence";
  const engine = describeEngine({ asked, answered: result.method, engine: (result as { engine?: { method?: unknown; reason?: unknown } }).engine });
  return (
    <div className="space-y-4" data-testid="search-results">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-lg font-semibold tracking-tight">
          {isSequence ? (
            <><span data-testid="result-total">{formatInteger(result.total)}</span> {result.total === 1 ? "occurrence" : "occurrences"}</>
          ) : (
            <>{result.matches.length} closest {result.matches.length === 1 ? "match" : "matches"}</>
          )}
        </h2>
        <div className="min-w-0 text-xs text-muted">
          <p>
            {describeQuery(query)} · <span data-testid="result-engine" className="text-fg">{engine.label}</span> · {formatInteger(result.searched.series)} series, {formatInteger(result.searched.candles)} candles · {result.tookMs.toFixed(0)} ms
            {isSequence ? " · latest first" : status.data.request.onePerTicker ? " · one per ticker" : ""}
          </p>
          {/* the reason cites the benchmark behind the choice: there for whoever asks, out of the way of the matches */}
          {engine.reason ? (
            <details className="mt-0.5" data-testid="result-engine-why">
              <summary className="w-fit cursor-pointer select-none text-accent hover:underline">Why this engine?</summary>
              <p className="mt-1 max-w-prose" data-testid="result-engine-reason">{engine.reason}</p>
            </details>
          ) : null}
        </div>
        <div className="ml-auto flex flex-wrap gap-1">
          <button type="button" className={buttonSecondary} onClick={onSave} disabled={isSaved} data-testid="save-search">
            {isSaved ? "Saved" : "Save search"}
          </button>
          <CopyLinkButton />
        </div>
      </div>
      {cadenceWarning ? (
        <p role="note" className="rounded-lg border border-warn/30 bg-warn/10 px-3 py-2 text-sm text-fg" data-testid="cadence-warning">
          {cadenceWarning}
        </p>
      ) : null}
      {saveError ? <p role="alert" className="text-sm text-down" data-testid="save-error">{saveError}</p> : null}
      {notice}
      {newKeys && newKeys.size > 0 ? <p className="text-sm text-warn" data-testid="new-since-seen">{newKeys.size} new since you last looked at this saved search.</p> : null}
      {result.matches.length === 0 ? (
        <EmptyState title="No matches">Nothing similar was found with these options. Widen the length range, the dates or the tickers.</EmptyState>
      ) : (
        <ol className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {result.matches.map((m, i) => (
            <MatchCard key={matchKey(m)} match={m} rank={i + 1} horizon={m.forward.days} isNew={newKeys?.has(matchKey(m))} />
          ))}
        </ol>
      )}
    </div>
  );
}
