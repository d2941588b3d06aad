"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { MatchCard } from "@/components/search/match-card";
import { OutcomePanel } from "@/components/search/outcome-panel";
import { PresetGallery } from "@/components/search/preset-gallery";
import { addRecent, markSavedRun, matchKey, readRecent, readSaved, removeSaved, saveSearch, type RecentSearch, type SavedSearch } from "@/components/search/search-history";
import { SequenceBuilder } from "@/components/search/sequence-builder";
import { SketchPad } from "@/components/search/sketch-pad";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatInteger } from "@/lib/chart/format";
import { buildSearchQuery, describeQuery, toSearchRequest, type SearchOptionsState, type SearchQueryState, type SearchState } from "@/lib/chart/search-url";
import type { SearchResult } from "@/lib/search/types";

type Mode = SearchQueryState["type"];
const TABS: { id: Mode; label: string }[] = [
  { id: "sketch", label: "Draw" },
  { id: "preset", label: "Presets" },
  { id: "sequence", label: "Candle sequence" },
  { id: "range", label: "Chart range" },
];

type Status = { kind: "idle" } | { kind: "loading"; startedAt: number } | { kind: "error"; message: string } | { kind: "done"; result: SearchResult; newKeys: Set<string> | null; query: SearchQueryState };

const inputClass = "h-9 w-full rounded-lg border border-border bg-surface px-3 text-sm outline-none transition placeholder:text-muted focus:border-accent";
const labelClass = "mb-1 block text-xs font-medium text-muted";

// History lives in localStorage; this store lets components re-read it when it changes.
const EMPTY: { recent: RecentSearch[]; saved: SavedSearch[] } = { recent: [], saved: [] };
let historySnapshot = EMPTY;
let historyRaw = "";
function subscribeHistory(cb: () => void) {
  window.addEventListener("patternscope-history", cb);
  window.addEventListener("storage", cb);
  return () => {
    window.removeEventListener("patternscope-history", cb);
    window.removeEventListener("storage", cb);
  };
}
function getHistory() {
  const recent = readRecent();
  const saved = readSaved();
  const raw = JSON.stringify([recent, saved]);
  if (raw !== historyRaw) {
    historyRaw = raw;
    historySnapshot = { recent, saved };
  }
  return historySnapshot;
}

export function SearchView({ initial, symbols }: { initial: SearchState; symbols: string[] }) {
  const q = initial.query;
  const [mode, setMode] = useState<Mode>(q?.type ?? "sketch");
  const [sketch, setSketch] = useState<number[] | null>(q?.type === "sketch" ? q.points : null);
  const [preset, setPreset] = useState<string | null>(q?.type === "preset" ? q.name : null);
  const [sequence, setSequence] = useState<{ pattern: string; colorBy: "candle" | "change" }>(q?.type === "sequence" ? { pattern: q.pattern, colorBy: q.colorBy } : { pattern: "GGGR", colorBy: "candle" });
  const [range, setRange] = useState<{ symbol: string; from: string; to: string }>(q?.type === "range" ? { symbol: q.symbol, from: q.from, to: q.to } : { symbol: "", from: "", to: "" });
  const [options, setOptions] = useState<SearchOptionsState>(initial.options);
  const [symbolsText, setSymbolsText] = useState(initial.options.symbols.join(", "));
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [elapsed, setElapsed] = useState(0);
  const history = useSyncExternalStore(subscribeHistory, getHistory, () => EMPTY);
  const abortRef = useRef<AbortController | null>(null);
  const resultsRef = useRef<HTMLDivElement>(null);

  const currentQuery = (): SearchQueryState | null => {
    if (mode === "sketch") return sketch ? { type: "sketch", points: sketch } : null;
    if (mode === "preset") return preset ? { type: "preset", name: preset } : null;
    if (mode === "sequence") return sequence.pattern ? { type: "sequence", ...sequence } : null;
    return range.symbol && range.from && range.to ? { type: "range", symbol: range.symbol.trim().toUpperCase(), ...{ from: range.from, to: range.to } } : null;
  };

  const run = useCallback(async (state: SearchState) => {
    const body = toSearchRequest(state);
    if (!body || !state.query) return;
    const url = `/search${buildSearchQuery(state)}`;
    window.history.replaceState(window.history.state, "", url);
    addRecent({ url, label: describeQuery(state.query), at: new Date().toISOString() });
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setStatus({ kind: "loading", startedAt: Date.now() });
    try {
      const res = await fetch("/api/search", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: controller.signal });
      const json = await res.json().catch(() => null);
      if (!res.ok) {
        const message = (json as { error?: { message?: string } } | null)?.error?.message ?? `The search failed (HTTP ${res.status}).`;
        setStatus({ kind: "error", message });
        return;
      }
      const result = json as SearchResult;
      const marked = markSavedRun(url, result.matches.map(matchKey));
      setStatus({ kind: "done", result, newKeys: marked?.newKeys ?? null, query: state.query });
      requestAnimationFrame(() => resultsRef.current?.focus({ preventScroll: true }));
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return;
      setStatus({ kind: "error", message: "Could not reach the server. Check that Patternscope is running and try again." });
    }
  }, []);

  // A shared link opens with its search already run.
  const ranInitial = useRef(false);
  useEffect(() => {
    if (ranInitial.current || !initial.query) return;
    ranInitial.current = true;
    void run(initial);
  }, [initial, run]);

  useEffect(() => {
    if (status.kind !== "loading") return;
    const t = setInterval(() => setElapsed(Date.now() - status.startedAt), 100);
    return () => clearInterval(t);
  }, [status]);

  const submit = (e?: React.FormEvent) => {
    e?.preventDefault();
    const query = currentQuery();
    if (!query) {
      setStatus({ kind: "error", message: mode === "sketch" ? "Draw a shape first (from left to right)." : mode === "preset" ? "Pick a preset shape first." : mode === "sequence" ? "Add at least one candle." : "Enter a symbol and a date range, or pick a range on a chart." });
      return;
    }
    const symbolsList = [...new Set(symbolsText.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
    const next = { ...options, symbols: symbolsList };
    setOptions(next);
    void run({ query, options: next });
  };

  const save = () => {
    if (status.kind !== "done") return;
    const url = window.location.pathname + window.location.search;
    saveSearch({ url, label: describeQuery(status.query), seen: status.result.matches.map(matchKey) });
  };

  const setOpt = <K extends keyof SearchOptionsState>(key: K, value: SearchOptionsState[K]) => setOptions((o) => ({ ...o, [key]: value }));
  const num = (v: string) => (v === "" ? undefined : Number(v));

  const done = status.kind === "done" ? status : null;
  const isSequence = done?.query.type === "sequence";
  const currentUrl = typeof window === "undefined" ? "" : window.location.pathname + window.location.search;
  const isSaved = done ? history.saved.some((s) => s.url === currentUrl) : false;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Search patterns</h1>
        <p className="mt-1 text-sm text-muted">Draw a shape, pick one, or build a candle sequence, and find every similar moment across your tickers, with what came next.</p>
      </div>

      <form onSubmit={submit} className="grid gap-5 lg:grid-cols-[1fr_320px] lg:items-start" aria-label="Pattern search">
        <section className="rounded-xl border border-border bg-surface shadow-sm">
          <div role="tablist" aria-label="Query type" className="flex gap-1 overflow-x-auto border-b border-border px-3 pt-2">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={mode === t.id}
                aria-controls={`panel-${t.id}`}
                onClick={() => setMode(t.id)}
                className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted transition-colors hover:text-fg aria-selected:border-accent aria-selected:text-fg"
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${mode}`} aria-labelledby={`tab-${mode}`} className="p-4">
            {mode === "sketch" ? <SketchPad onChange={setSketch} initial={sketch} /> : null}
            {mode === "preset" ? <PresetGallery value={preset} onSelect={setPreset} /> : null}
            {mode === "sequence" ? <SequenceBuilder pattern={sequence.pattern} colorBy={sequence.colorBy} onChange={(pattern, colorBy) => setSequence({ pattern, colorBy })} /> : null}
            {mode === "range" ? (
              <div className="space-y-4">
                <p className="text-sm text-muted">
                  Search for the shape of a stretch of one ticker’s chart. Easiest: open a <Link href="/" className="text-accent underline-offset-2 hover:underline">chart</Link>, choose <strong className="text-fg">Select range</strong>, drag over the stretch and press <strong className="text-fg">Find similar</strong>.
                </p>
                <div className="grid gap-3 sm:grid-cols-3">
                  <label>
                    <span className={labelClass}>Symbol</span>
                    <input className={inputClass} list="symbol-list" value={range.symbol} onChange={(e) => setRange({ ...range, symbol: e.target.value })} placeholder="SPX" />
                  </label>
                  <label>
                    <span className={labelClass}>From</span>
                    <input type="date" className={inputClass} value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
                  </label>
                  <label>
                    <span className={labelClass}>To</span>
                    <input type="date" className={inputClass} value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
                  </label>
                </div>
              </div>
            ) : null}
          </div>
        </section>

        <section className="space-y-3 rounded-xl border border-border bg-surface p-4 shadow-sm" aria-label="Search options">
          <label className="block">
            <span className={labelClass}>Method</span>
            <select className={inputClass} value={options.method} onChange={(e) => setOpt("method", e.target.value as SearchOptionsState["method"])}>
              <option value="auto">Automatic</option>
              <option value="zned">Exact shape (z-normalised distance)</option>
              <option value="dtw">Flexible timing (DTW)</option>
              <option value="model">Learned similarity (model)</option>
            </select>
          </label>
          <div className="grid grid-cols-2 gap-2">
            <label>
              <span className={labelClass}>Min length</span>
              <input type="number" min={5} max={1000} inputMode="numeric" className={inputClass} placeholder="20" value={options.minLength ?? ""} onChange={(e) => setOpt("minLength", num(e.target.value))} />
            </label>
            <label>
              <span className={labelClass}>Max length</span>
              <input type="number" min={5} max={1000} inputMode="numeric" className={inputClass} placeholder="120" value={options.maxLength ?? ""} onChange={(e) => setOpt("maxLength", num(e.target.value))} />
            </label>
          </div>
          <label className="block">
            <span className={labelClass}>Tickers (empty = all)</span>
            <input className={inputClass} list="symbol-list" placeholder="e.g. AAPL, MSFT" value={symbolsText} onChange={(e) => setSymbolsText(e.target.value)} />
          </label>
          <div className="grid grid-cols-2 gap-2">
            <label>
              <span className={labelClass}>From</span>
              <input type="date" className={inputClass} value={options.from ?? ""} onChange={(e) => setOpt("from", e.target.value || undefined)} />
            </label>
            <label>
              <span className={labelClass}>To</span>
              <input type="date" className={inputClass} value={options.to ?? ""} onChange={(e) => setOpt("to", e.target.value || undefined)} />
            </label>
          </div>
          <div className="grid grid-cols-2 gap-2">
            <label>
              <span className={labelClass}>Horizon (days)</span>
              <input type="number" min={1} max={500} className={inputClass} value={options.horizon} onChange={(e) => setOpt("horizon", Math.max(1, Math.min(500, Number(e.target.value) || 20)))} />
            </label>
            <label>
              <span className={labelClass}>Results</span>
              <select className={inputClass} value={options.topK} onChange={(e) => setOpt("topK", Number(e.target.value))}>
                {[10, 20, 50, 100].map((k) => (
                  <option key={k} value={k}>{k}</option>
                ))}
              </select>
            </label>
          </div>
          <button type="submit" className={`${buttonPrimary} w-full`} disabled={status.kind === "loading"} data-testid="run-search">
            {status.kind === "loading" ? "Searching…" : "Search"}
          </button>
          <datalist id="symbol-list">
            {symbols.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </section>
      </form>

      <div className="grid gap-5 lg:grid-cols-[1fr_340px]">
        <div ref={resultsRef} tabIndex={-1} aria-live="polite" aria-busy={status.kind === "loading"} className="min-w-0 outline-none">
          {status.kind === "idle" ? (
            <EmptyState title="No search yet">Choose a shape above and press Search. Results show each match with the {options.horizon} trading days after it.</EmptyState>
          ) : null}
          {status.kind === "loading" ? (
            <div className="rounded-xl border border-border bg-surface p-6" data-testid="search-loading">
              <div className="flex items-center justify-between text-sm">
                <span className="font-medium">Searching every ticker…</span>
                <span className="tabular text-muted">{(elapsed / 1000).toFixed(1)} s</span>
              </div>
              <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-surface-2">
                <div className="h-full w-1/3 animate-[progress_1.2s_ease-in-out_infinite] rounded-full bg-accent" />
              </div>
              <button type="button" className={`${buttonGhost} mt-3`} onClick={() => { abortRef.current?.abort(); setStatus({ kind: "idle" }); }}>
                Cancel
              </button>
            </div>
          ) : null}
          {status.kind === "error" ? (
            <div role="alert" className="rounded-xl border border-down/30 bg-down/5 p-4 text-sm" data-testid="search-error">
              <p className="font-medium text-down">The search did not run</p>
              <p className="mt-1 text-fg">{status.message}</p>
            </div>
          ) : null}
          {done ? (
            <div className="space-y-4" data-testid="search-results">
              <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                <h2 className="text-lg font-semibold tracking-tight">
                  {isSequence ? (
                    <><span data-testid="result-total">{formatInteger(done.result.total)}</span> {done.result.total === 1 ? "occurrence" : "occurrences"}</>
                  ) : (
                    <>{done.result.matches.length} closest {done.result.matches.length === 1 ? "match" : "matches"}</>
                  )}
                </h2>
                <p className="text-xs text-muted">
                  {describeQuery(done.query)} · {done.result.method} · {formatInteger(done.result.searched.series)} series, {formatInteger(done.result.searched.candles)} candles · {done.result.tookMs.toFixed(0)} ms
                  {isSequence ? " · latest first" : ""}
                </p>
                <div className="ml-auto flex gap-1">
                  <button type="button" className={buttonSecondary} onClick={save} disabled={isSaved} data-testid="save-search">
                    {isSaved ? "Saved" : "Save search"}
                  </button>
                  <button type="button" className={buttonGhost} onClick={() => void navigator.clipboard?.writeText(window.location.href)}>
                    Copy link
                  </button>
                </div>
              </div>
              {done.newKeys && done.newKeys.size > 0 ? <p className="text-sm text-warn">{done.newKeys.size} new since the last run of this saved search.</p> : null}
              {done.result.matches.length === 0 ? (
                <EmptyState title="No matches">Nothing similar was found with these options. Widen the length range, the dates or the tickers.</EmptyState>
              ) : (
                <ol className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                  {done.result.matches.map((m, i) => (
                    <MatchCard key={matchKey(m)} match={m} rank={i + 1} horizon={done.result.outcomes.horizon} isNew={done.newKeys?.has(matchKey(m))} />
                  ))}
                </ol>
              )}
            </div>
          ) : null}
        </div>

        <aside className="space-y-5">
          {done ? <OutcomePanel outcomes={done.result.outcomes} matches={done.result.matches} /> : null}
          <HistoryList title="Saved searches" items={history.saved.map((s) => ({ key: s.id, url: s.url, label: s.label, note: s.lastRunAt ? `last run ${formatDate(s.lastRunAt.slice(0, 10))}` : "", onRemove: () => removeSaved(s.id) }))} empty="Save a search to re-run it later and see which matches are new." />
          <HistoryList title="Recent searches" items={history.recent.map((r) => ({ key: r.url, url: r.url, label: r.label, note: formatDate(r.at.slice(0, 10)) }))} empty="Your searches will be listed here." />
        </aside>
      </div>
    </div>
  );
}

function HistoryList({ title, items, empty }: { title: string; items: { key: string; url: string; label: string; note: string; onRemove?: () => void }[]; empty: string }) {
  return (
    <section className="rounded-xl border border-border bg-surface p-4 shadow-sm" aria-label={title}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {items.length === 0 ? (
        <p className="mt-1 text-xs text-muted">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-border">
          {items.map((it) => (
            <li key={it.key} className="flex items-center gap-2 py-1.5 text-sm">
              {/* A full navigation: the page reads the URL and runs the search. */}
              <a href={it.url} className="min-w-0 flex-1 truncate rounded hover:text-accent">{it.label}</a>
              <span className="shrink-0 text-xs text-muted">{it.note}</span>
              {it.onRemove ? (
                <button type="button" onClick={it.onRemove} className="shrink-0 rounded px-1 text-xs text-muted hover:text-down" aria-label={`Remove ${it.label}`}>
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
