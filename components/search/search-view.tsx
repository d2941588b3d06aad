"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { HistoryList } from "@/components/search/history-list";
import { OutcomePanel } from "@/components/search/outcome-panel";
import { SearchForm } from "@/components/search/search-form";
import { addRecent, markSavedRun, matchKey, removeSaved, saveSearch } from "@/components/search/search-history";
import { SearchResults, type SearchRun } from "@/components/search/search-results";
import { useLatestRequest } from "@/components/search/use-latest-request";
import { useSavedSearches } from "@/components/search/use-saved-searches";
import { useSearchHistory } from "@/components/search/use-search-history";
import { SaveSearchDialog } from "@/components/search/save-search-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ApiError, callApi, isAbortError } from "@/components/ui/call-api";
import { describeCadenceMix, type TickerCadenceSpan } from "@/lib/chart/cadence-mix";
import { formatDate } from "@/lib/chart/format";
import { toSearchFieldError, type FieldError, type SearchField } from "@/lib/chart/search-field-errors";
import { buildSearchQuery, describeSearch, fromSearchRequest, toSearchRequest, type SearchState } from "@/lib/chart/search-url";
import type { SearchResult } from "@/lib/search/types";

type Failure = { message: string; fieldError: FieldError | null };

/** The Search page: the form, the results of the latest search, its outcomes, and the browser's search history. */
export function SearchView({ initial, tickers }: { initial: SearchState; tickers: TickerCadenceSpan[] }) {
  const { state: status, start, cancel, show } = useLatestRequest<SearchRun, Failure>();
  const history = useSearchHistory();
  const server = useSavedSearches();
  const { openSeen } = server;
  const [saveError, setSaveError] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const [webhookSecret, setWebhookSecret] = useState<string | null>(null);
  const resultsRef = useRef<HTMLDivElement>(null);
  const tickersRef = useRef(tickers);

  const run = useCallback(
    async (state: SearchState, savedId?: string | null) => {
      const body = toSearchRequest(state);
      const query = state.query;
      if (!body || !query) return;
      const url = `/search${buildSearchQuery(state)}`;
      window.history.replaceState(window.history.state, "", url);
      const done = await start(async (signal) => {
        try {
          const result = await callApi<SearchResult>("/api/search", { method: "POST", json: body, signal });
          // Opened from a server saved search: its matches new since the user last looked; else the browser's list.
          const newKeys = savedId ? await openSeen(savedId) : (markSavedRun(url, result.matches.map(matchKey))?.newKeys ?? null);
          return { result, query, asked: state.options.method, request: body, url, newKeys };
        } catch (e) {
          if (isAbortError(e)) throw e;
          if (!(e instanceof ApiError) || e.code === "network") throw { message: "Could not reach the server. Check that Patternscope is running and try again.", fieldError: null } satisfies Failure;
          throw { message: e.message, fieldError: toSearchFieldError(e, tickersRef.current) } satisfies Failure;
        }
      });
      if (!done) return;
      // Only a search that ran is worth re-opening.
      addRecent({ url, label: describeSearch({ query, options: state.options }), at: new Date().toISOString() });
      requestAnimationFrame(() => resultsRef.current?.focus({ preventScroll: true }));
    },
    [start, openSeen],
  );

  // A shared link opens with its search already run (again after a remount: leaving aborts it).
  useEffect(() => {
    if (initial.query) void run(initial, new URLSearchParams(window.location.search).get("saved"));
  }, [initial, run]);

  const fieldError = status.kind === "error" ? status.error.fieldError : null;
  const onEdit = (field: SearchField) => {
    if (fieldError?.field === field) show({ kind: "idle" });
  };

  const done = status.kind === "done" ? status.data : null;
  const savedUrl = (request: Parameters<typeof fromSearchRequest>[0]) => `/search${buildSearchQuery(fromSearchRequest(request))}`;
  const isSaved = !done ? false : server.signedIn ? server.items.some((s) => savedUrl(s.request) === done.url) : history.saved.some((s) => s.url === done.url);
  const save = () => {
    if (!done) return;
    setSaveError(null);
    if (!server.signedIn) {
      saveSearch({ url: done.url, label: describeSearch({ query: done.query, options: fromSearchRequest(done.request as Parameters<typeof fromSearchRequest>[0]).options }), seen: done.result.matches.map(matchKey) });
      return;
    }
    // the model search cannot be saved: say so at once instead of in the dialog
    if (done.asked === "model") {
      setSaveError("A learned-similarity (model) search cannot be saved: its answers change with the model. Pick another method to save it.");
      return;
    }
    setWebhookSecret(null);
    setNaming(true);
  };
  const saveNamed = async ({ name, webhookUrl }: { name: string; webhookUrl?: string }) => {
    if (!done) return;
    const secret = await server.save({ name, request: done.request, webhookUrl });
    setNaming(false);
    setWebhookSecret(secret);
  };
  const savedItems = server.signedIn
    ? server.items.map((s) => ({
        key: s.id,
        url: `${savedUrl(s.request)}${savedUrl(s.request).includes("?") ? "&" : "?"}saved=${s.id}`,
        label: s.name,
        badge: s.newSinceSeen > 0 ? <Badge tone="warn">{s.newSinceSeen} new</Badge> : null,
        note: `${s.matches} ${s.matches === 1 ? "match" : "matches"}${s.webhookUrl ? " · webhook" : ""}`,
        onRemove: () => void server.remove(s.id),
      }))
    : history.saved.map((s) => ({ key: s.id, url: s.url, label: s.label, note: s.lastRunAt ? `last run ${formatDate(s.lastRunAt.slice(0, 10))}` : "", onRemove: () => removeSaved(s.id) }));

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
        belowQuery={
          <div ref={resultsRef} tabIndex={-1} aria-live="polite" aria-busy={status.kind === "loading"} className="min-w-0 outline-none">
            <SearchResults
              status={status}
              horizon={initial.options.horizon}
              isSaved={isSaved}
              saveError={saveError}
              cadenceWarning={done ? describeCadenceMix({ query: done.query, matches: done.result.matches, tickers }) : null}
              onSave={save}
              onCancel={cancel}
              notice={
                webhookSecret ? (
                  <Alert tone="info" title="Webhook secret: copy it now, it is not shown again." onDismiss={() => setWebhookSecret(null)}>
                    <code data-testid="webhook-secret" className="block break-all rounded bg-surface px-2 py-1 font-mono text-xs">
                      {webhookSecret}
                    </code>
                    <p className="text-muted">Each delivery carries Patternscope-Signature: v1= the HMAC-SHA256, under this secret, of the Patternscope-Timestamp header, a dot and the raw body.</p>
                  </Alert>
                ) : null
              }
            />
            {naming && done ? <SaveSearchDialog defaultName={describeSearch({ query: done.query, options: fromSearchRequest(done.request as Parameters<typeof fromSearchRequest>[0]).options })} onSave={saveNamed} onClose={() => setNaming(false)} /> : null}
          </div>
        }
        belowOptions={
          <aside className="space-y-5">
            {done ? <OutcomePanel stats={done.result.outcomeStats} horizon={Number(done.request.horizon)} matches={done.result.matches} /> : null}
            <HistoryList
              title="Saved searches"
              items={savedItems}
              notice={server.imported ? `Moved ${server.imported} saved ${server.imported === 1 ? "search" : "searches"} from this browser to your account.` : null}
              empty={server.signedIn ? "Save a search: it re-runs when new data arrives, and shows how many matches are new since you last looked." : "Save a search to re-run it later and see which matches are new. Signed in, saved searches re-run when new data arrives."}
            />
            <HistoryList title="Recent searches" items={history.recent.map((r) => ({ key: r.url, url: r.url, label: r.label, note: formatDate(r.at.slice(0, 10)) }))} empty="Your searches will be listed here." />
          </aside>
        }
      />
    </div>
  );
}
