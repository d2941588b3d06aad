"use client";

import { useCallback, useEffect, useRef } from "react";
import { HistoryList } from "@/components/search/history-list";
import { OutcomePanel } from "@/components/search/outcome-panel";
import { postSearch, type SearchError } from "@/components/search/post-search";
import { SearchForm } from "@/components/search/search-form";
import { addRecent, markSavedRun, matchKey, removeSaved, saveSearch } from "@/components/search/search-history";
import { SearchResults, type SearchRun } from "@/components/search/search-results";
import { useLatestRequest } from "@/components/search/use-latest-request";
import { useSearchHistory } from "@/components/search/use-search-history";
import { formatDate } from "@/lib/chart/format";
import { toSearchFieldError, type FieldError, type SearchField, type TickerSpan } from "@/lib/chart/search-field-errors";
import { buildSearchQuery, describeQuery, toSearchRequest, type SearchState } from "@/lib/chart/search-url";

type Failure = { message: string; fieldError: FieldError | null };

/** The Search page: the form, the results of the latest search, its outcomes, and the browser's search history. */
export function SearchView({ initial, tickers }: { initial: SearchState; tickers: TickerSpan[] }) {
  const { state: status, start, cancel, show } = useLatestRequest<SearchRun, Failure>();
  const history = useSearchHistory();
  const resultsRef = useRef<HTMLDivElement>(null);
  const tickersRef = useRef(tickers);

  const run = useCallback(
    async (state: SearchState) => {
      const body = toSearchRequest(state);
      const query = state.query;
      if (!body || !query) return;
      const url = `/search${buildSearchQuery(state)}`;
      window.history.replaceState(window.history.state, "", url);
      const done = await start(async (signal) => {
        try {
          const result = await postSearch(body, signal);
          const marked = markSavedRun(url, result.matches.map(matchKey));
          return { result, query, url, newKeys: marked?.newKeys ?? null };
        } catch (e) {
          if (e instanceof DOMException) throw e;
          const error = e as SearchError;
          throw { message: error.message, fieldError: toSearchFieldError(error, tickersRef.current) } satisfies Failure;
        }
      });
      if (!done) return;
      // Only a search that ran is worth re-opening.
      addRecent({ url, label: describeQuery(query), at: new Date().toISOString() });
      requestAnimationFrame(() => resultsRef.current?.focus({ preventScroll: true }));
    },
    [start],
  );

  // A shared link opens with its search already run (again after a remount: leaving aborts it).
  useEffect(() => {
    if (initial.query) void run(initial);
  }, [initial, run]);

  const fieldError = status.kind === "error" ? status.error.fieldError : null;
  const onEdit = (field: SearchField) => {
    if (fieldError?.field === field) show({ kind: "idle" });
  };

  const done = status.kind === "done" ? status.data : null;
  const isSaved = done ? history.saved.some((s) => s.url === done.url) : false;
  const save = () => {
    if (done) saveSearch({ url: done.url, label: describeQuery(done.query), seen: done.result.matches.map(matchKey) });
  };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Search patterns</h1>
        <p className="mt-1 text-sm text-muted">Draw a shape, pick one, or build a candle sequence, and find every similar moment across your tickers, with what came next.</p>
      </div>

      <SearchForm
        initial={initial}
        symbols={tickers.map((t) => t.symbol)}
        busy={status.kind === "loading"}
        error={fieldError}
        onEdit={onEdit}
        onSubmit={(next) => ("missing" in next ? show({ kind: "error", error: { message: next.missing.message, fieldError: next.missing } }) : void run(next))}
      />

      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_340px]">
        <div ref={resultsRef} tabIndex={-1} aria-live="polite" aria-busy={status.kind === "loading"} className="min-w-0 outline-none">
          <SearchResults status={status} horizon={initial.options.horizon} isSaved={isSaved} onSave={save} onCancel={cancel} />
        </div>

        <aside className="min-w-0 space-y-5">
          {done ? <OutcomePanel outcomes={done.result.outcomes} matches={done.result.matches} /> : null}
          <HistoryList title="Saved searches" items={history.saved.map((s) => ({ key: s.id, url: s.url, label: s.label, note: s.lastRunAt ? `last run ${formatDate(s.lastRunAt.slice(0, 10))}` : "", onRemove: () => removeSaved(s.id) }))} empty="Save a search to re-run it later and see which matches are new." />
          <HistoryList title="Recent searches" items={history.recent.map((r) => ({ key: r.url, url: r.url, label: r.label, note: formatDate(r.at.slice(0, 10)) }))} empty="Your searches will be listed here." />
        </aside>
      </div>
    </div>
  );
}
