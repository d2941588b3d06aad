"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { PresetGallery } from "@/components/search/preset-gallery";
import { RangePreview } from "@/components/search/range-preview";
import { SequenceBuilder } from "@/components/search/sequence-builder";
import { SketchPad, type SketchChange } from "@/components/search/sketch-pad";
import { buttonPrimary } from "@/components/ui/button-styles";
import { Field, FieldError, inputClass as fieldInputClass, selectClass } from "@/components/ui/field";
import type { FieldError as SearchFieldError, SearchField } from "@/lib/chart/search-field-errors";
import { onePerTickerByDefault, type SearchOptionsState, type SearchQueryState, type SearchState } from "@/lib/chart/search-url";

type Mode = SearchQueryState["type"];
// The form's grids are narrow on a phone: controls must be able to shrink below their content width.
const inputClass = `${fieldInputClass} min-w-0`;
const selectInputClass = `${selectClass} min-w-0`;
const TABS: { id: Mode; label: string }[] = [
  { id: "sketch", label: "Draw" },
  { id: "preset", label: "Presets" },
  { id: "sequence", label: "Candle sequence" },
  { id: "range", label: "Chart range" },
];

const MISSING: Record<Mode, string> = {
  sketch: "Draw a shape first (from left to right).",
  preset: "Pick a preset shape first.",
  sequence: "Add at least one candle.",
  range: "Enter a symbol and a date range, or pick a range on a chart.",
};

/**
 * The search form: the query editor of each tab and the options. It owns what is being edited; `onSubmit` gets a
 * complete search, or the field a missing query concerns. `error` is shown beside its control until that control
 * changes (`onEdit`).
 *
 * It also lays out the page's two columns: `belowQuery` (the results) follows the query editor and `belowOptions`
 * follows the options, so a short query editor does not leave a gap as tall as the options beside it. The editor
 * and the options are two forms with one submit, so Enter in either searches.
 */
export function SearchForm({
  initial,
  symbols,
  busy,
  error,
  onEdit,
  onSubmit,
  belowQuery,
  belowOptions,
}: {
  initial: SearchState;
  symbols: string[];
  busy: boolean;
  error: SearchFieldError | null;
  onEdit: (field: SearchField) => void;
  onSubmit: (state: SearchState | { missing: SearchFieldError }) => void;
  belowQuery?: ReactNode;
  belowOptions?: ReactNode;
}) {
  const q = initial.query;
  const [mode, setMode] = useState<Mode>(q?.type ?? "sketch");
  const [sketch, setSketch] = useState<SketchChange>(q?.type === "sketch" ? { points: q.points, tooShort: false } : { points: null, tooShort: false });
  const [preset, setPreset] = useState<string | null>(q?.type === "preset" ? q.name : null);
  const [sequence, setSequence] = useState<{ pattern: string; colorBy: "candle" | "change" }>(q?.type === "sequence" ? { pattern: q.pattern, colorBy: q.colorBy } : { pattern: "GGGR", colorBy: "candle" });
  const [range, setRange] = useState<{ symbol: string; from: string; to: string }>(q?.type === "range" ? { symbol: q.symbol, from: q.from, to: q.to } : { symbol: "", from: "", to: "" });
  const [options, setOptions] = useState<SearchOptionsState>(initial.options);
  const [symbolsText, setSymbolsText] = useState(initial.options.symbols.join(", "));

  const errorFor = (field: SearchField) => (error?.field === field ? error.message : null);
  const edit = <T,>(field: SearchField, set: (v: T) => void) => (v: T) => {
    set(v);
    onEdit(field);
  };
  const setOpt = <K extends keyof SearchOptionsState>(key: K & SearchField, value: SearchOptionsState[K]) => {
    setOptions((o) => ({ ...o, [key]: value }));
    onEdit(key);
  };
  const num = (v: string) => (v === "" ? undefined : Number(v));

  const currentQuery = (): SearchQueryState | null => {
    if (mode === "sketch") return sketch.points ? { type: "sketch", points: sketch.points } : null;
    if (mode === "preset") return preset ? { type: "preset", name: preset } : null;
    if (mode === "sequence") return sequence.pattern ? { type: "sequence", ...sequence } : null;
    return range.symbol && range.from && range.to ? { type: "range", symbol: range.symbol.trim().toUpperCase(), from: range.from, to: range.to } : null;
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const query = currentQuery();
    if (!query) {
      const message = mode === "sketch" && sketch.tooShort ? "The drawing is too short: draw across more of the pad, from left to right." : MISSING[mode];
      const field: SearchField = mode !== "range" ? "query" : !range.symbol ? "range.symbol" : !range.from ? "range.from" : "range.to";
      onSubmit({ missing: { field, message } });
      return;
    }
    const symbolsList = [...new Set(symbolsText.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
    const next = { ...options, symbols: symbolsList };
    setOptions(next);
    onSubmit({ query, options: next });
  };

  return (
    // On a phone the columns dissolve into one (query, options, results, the rest); on a desktop they stack apart.
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_340px] lg:items-start">
      <div className="contents lg:block lg:min-w-0 lg:space-y-5">
        <form onSubmit={submit} noValidate aria-label="Pattern search" className="order-1 min-w-0 rounded-xl border border-border bg-surface shadow-sm">
          <div role="tablist" aria-label="Query type" className="flex gap-1 overflow-x-auto border-b border-border px-3 pt-2">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={mode === t.id}
                aria-controls={`panel-${t.id}`}
                onClick={() => {
                  setMode(t.id);
                  onEdit("query");
                }}
                className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted transition-colors hover:text-fg aria-selected:border-accent aria-selected:text-fg"
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${mode}`} aria-labelledby={`tab-${mode}`} className="p-4">
            {mode === "sketch" ? <SketchPad onChange={edit("query", setSketch)} initial={sketch.points} /> : null}
            {mode === "preset" ? <PresetGallery value={preset} onSelect={edit("query", setPreset)} /> : null}
            {mode === "sequence" ? <SequenceBuilder pattern={sequence.pattern} colorBy={sequence.colorBy} onChange={(pattern, colorBy) => edit("query", setSequence)({ pattern, colorBy })} /> : null}
            {mode === "range" ? (
              <div className="space-y-4">
                <p className="text-sm text-muted">
                  Search for the shape of a stretch of one ticker’s chart. Easiest: open a <Link href="/" className="text-accent underline-offset-2 hover:underline">chart</Link>, choose <strong className="text-fg">Select range</strong>, drag over the stretch and press <strong className="text-fg">Find similar</strong>.
                </p>
                <div className="grid gap-3 sm:grid-cols-3">
                  <Field compact id="range-symbol" label="Symbol" error={errorFor("range.symbol")}>
                    {(p) => <input {...p} className={inputClass} list="symbol-list" value={range.symbol} onChange={(e) => edit("range.symbol", setRange)({ ...range, symbol: e.target.value })} placeholder="SPX" />}
                  </Field>
                  <Field compact id="range-from" label="From" error={errorFor("range.from")}>
                    {(p) => <input {...p} type="date" className={inputClass} value={range.from} onChange={(e) => edit("range.from", setRange)({ ...range, from: e.target.value })} />}
                  </Field>
                  <Field compact id="range-to" label="To" error={errorFor("range.to")}>
                    {(p) => <input {...p} type="date" className={inputClass} value={range.to} onChange={(e) => edit("range.to", setRange)({ ...range, to: e.target.value })} />}
                  </Field>
                </div>
                <RangePreview symbol={range.symbol} from={range.from} to={range.to} />
              </div>
            ) : null}
            <FieldError id="query-error" message={errorFor("query")} />
          </div>
        </form>
        {belowQuery ? <div className="order-3 min-w-0">{belowQuery}</div> : null}
      </div>

      <div className="contents lg:block lg:min-w-0 lg:space-y-5">
        <form onSubmit={submit} noValidate aria-label="Search options" className="order-2 min-w-0 space-y-3 rounded-xl border border-border bg-surface p-4 shadow-sm">
          <Field compact id="opt-method" label="Method" error={errorFor("method")}>
            {(p) => (
              <select {...p} className={selectInputClass} value={options.method} onChange={(e) => setOpt("method", e.target.value as SearchOptionsState["method"])}>
                <option value="auto">Automatic</option>
                <option value="zned">Exact shape (z-normalised distance)</option>
                <option value="dtw">Flexible timing (DTW)</option>
                <option value="model">Learned similarity (model)</option>
              </select>
            )}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field compact id="opt-min" label="Min length" error={errorFor("minLength")}>
              {(p) => <input {...p} type="number" min={5} max={1000} inputMode="numeric" className={inputClass} placeholder="20" value={options.minLength ?? ""} onChange={(e) => setOpt("minLength", num(e.target.value))} />}
            </Field>
            <Field compact id="opt-max" label="Max length" error={errorFor("maxLength")}>
              {(p) => <input {...p} type="number" min={5} max={1000} inputMode="numeric" className={inputClass} placeholder="120" value={options.maxLength ?? ""} onChange={(e) => setOpt("maxLength", num(e.target.value))} />}
            </Field>
          </div>
          <Field compact id="opt-symbols" label="Tickers (empty = all)" error={errorFor("symbols")}>
            {(p) => (
              <input
                {...p}
                className={inputClass}
                list="symbol-list"
                placeholder="e.g. AAPL, MSFT"
                value={symbolsText}
                onChange={(e) => {
                  setSymbolsText(e.target.value);
                  onEdit("symbols");
                }}
              />
            )}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field compact id="opt-from" label="From" error={errorFor("from")}>
              {(p) => <input {...p} type="date" className={inputClass} value={options.from ?? ""} onChange={(e) => setOpt("from", e.target.value || undefined)} />}
            </Field>
            <Field compact id="opt-to" label="To" error={errorFor("to")}>
              {(p) => <input {...p} type="date" className={inputClass} value={options.to ?? ""} onChange={(e) => setOpt("to", e.target.value || undefined)} />}
            </Field>
          </div>
          <div className="grid grid-cols-2 gap-2">
            <Field compact id="opt-horizon" label="Horizon (days)" error={errorFor("horizon")}>
              {(p) => <input {...p} type="number" min={1} max={500} className={inputClass} value={options.horizon} onChange={(e) => setOpt("horizon", Math.max(1, Math.min(500, Number(e.target.value) || 20)))} />}
            </Field>
            <Field compact id="opt-topk" label="Results">
              {(p) => (
                <select {...p} className={selectInputClass} value={options.topK} onChange={(e) => setOpt("topK", Number(e.target.value))}>
                  {[10, 20, 50, 100].map((k) => (
                    <option key={k} value={k}>{k}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <label className="flex items-start gap-2 text-sm" htmlFor="opt-per-ticker">
            <input
              id="opt-per-ticker"
              type="checkbox"
              className="mt-0.5 size-4 accent-accent"
              disabled={mode === "sequence"}
              checked={mode !== "sequence" && (options.onePerTicker ?? onePerTickerByDefault({ type: mode }))}
              onChange={(e) => setOptions((o) => ({ ...o, onePerTicker: e.target.checked }))}
              data-testid="opt-per-ticker"
            />
            <span>
              One match per ticker
              <span className="block text-xs text-muted">{mode === "sequence" ? "A candle sequence lists every occurrence." : "The best window of each ticker; its others are a click away on the card."}</span>
            </span>
          </label>
          <Field
            compact
            id="opt-similarity"
            label="Statistics over every window at least (% similar)"
            error={errorFor("minSimilarity")}
            hint={mode === "sequence" ? "A candle sequence's statistics already count every occurrence." : "Empty: only the listed matches. The cards show each match's similarity."}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={99}
                inputMode="numeric"
                className={inputClass}
                placeholder={mode === "sequence" ? "every occurrence" : "the listed matches"}
                disabled={mode === "sequence"}
                value={options.minSimilarity === undefined ? "" : Math.round(options.minSimilarity * 100)}
                onChange={(e) => {
                  const n = num(e.target.value);
                  setOpt("minSimilarity", n === undefined || !Number.isFinite(n) ? undefined : Math.max(1, Math.min(99, Math.round(n))) / 100);
                }}
              />
            )}
          </Field>
          <button type="submit" className={`${buttonPrimary} w-full`} disabled={busy} data-testid="run-search">
            {busy ? "Searching…" : "Search"}
          </button>
          <datalist id="symbol-list">
            {symbols.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </form>
        {belowOptions ? <div className="order-4 min-w-0">{belowOptions}</div> : null}
      </div>
    </div>
  );
}
