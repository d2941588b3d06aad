"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { RANGE_PRESETS, presetRange, type RangePresetId } from "@/components/chart/range-presets";
import { useECharts } from "@/components/chart/use-echarts";
import { useTheme } from "@/components/theme/use-theme";
import { buttonPrimary, chip } from "@/components/ui/button-styles";
import { ChangeText } from "@/components/ui/change-text";
import { buildCandleOption, indexOnOrAfter, indexOnOrBefore, type IndexRange } from "@/lib/chart/build-candle-option";
import { detectCadence, type Cadence } from "@/lib/chart/cadence";
import { buildChartQuery, type ChartUrlState } from "@/lib/chart/chart-url";
import { formatDate, formatPrice } from "@/lib/chart/format";
import { logTicksForWindow } from "@/lib/chart/log-ticks";
import { getChartPalette, maColor } from "@/lib/chart/palette";
import type { Candle } from "@/lib/tickers/types";

const MIN_VISIBLE = 10;
/** Range buttons that would show fewer candles than this are left out. */
const MIN_PRESET_CANDLES = 5;

function initialZoom(candles: readonly Candle[], state: ChartUrlState, cadence: Cadence): IndexRange {
  const last = Math.max(0, candles.length - 1);
  if (state.from || state.to) {
    return { start: state.from ? indexOnOrAfter(candles, state.from) : 0, end: state.to ? indexOnOrBefore(candles, state.to) : last };
  }
  if (state.hl) {
    // Centre a highlighted match with context on both sides.
    const s = indexOnOrAfter(candles, state.hl.from);
    const e = indexOnOrBefore(candles, state.hl.to);
    const pad = Math.max(20, Math.round((e - s) * 1.5)) + (state.horizon ?? 0);
    return { start: Math.max(0, s - pad), end: Math.min(last, e + pad) };
  }
  // A year of days by default (readable candles, the rest one scroll away); all of a sparse series.
  return presetRange(candles, cadence.defaultRange);
}

export type CandleChartViewProps = {
  symbol: string;
  candles: Candle[];
  initial: ChartUrlState;
  /** Rendered in the toolbar's right end (e.g. a "Find similar" control). */
  toolbarEnd?: React.ReactNode;
};

export function CandleChartView({ symbol, candles, initial }: CandleChartViewProps) {
  const { theme } = useTheme();
  const palette = getChartPalette(theme);
  const [log, setLog] = useState(initial.log);
  const [ma, setMa] = useState<number[]>(initial.ma);
  const cadence = useMemo(() => detectCadence(candles.map((c) => c.t)), [candles]);
  const [zoom, setZoom] = useState<IndexRange>(() => initialZoom(candles, initial, cadence));
  const zoomRef = useRef<IndexRange>(zoom);
  const containerRef = useRef<HTMLDivElement>(null);
  const [selecting, setSelecting] = useState(false);
  const [selection, setSelection] = useState<IndexRange | null>(null);

  const highlight = useMemo(() => {
    if (!initial.hl || candles.length === 0) return undefined;
    const start = indexOnOrAfter(candles, initial.hl.from);
    const end = indexOnOrBefore(candles, initial.hl.to);
    return { start, end, horizonEnd: initial.horizon ? end + initial.horizon : undefined };
  }, [candles, initial.hl, initial.horizon]);

  const built = useMemo(
    // zoomRef is read, not depended on: rebuilding for a theme or toggle keeps the window the user is looking at,
    // while zooming itself never rebuilds the option (ECharts owns the window between rebuilds).
    // eslint-disable-next-line react-hooks/refs
    () => buildCandleOption({ candles, palette, log, cadence, maPeriods: ma, zoom: zoomRef.current, highlight, brush: true }),
    [candles, palette, log, cadence, ma, highlight],
  );
  const { chartRef, ready, error } = useECharts(containerRef, built.option);

  // Keep the URL in step with the view so it can be shared; replaceState avoids a server round trip per zoom.
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const syncUrl = useCallback(
    (z: IndexRange, nextLog: boolean, nextMa: number[]) => {
      clearTimeout(urlTimer.current);
      urlTimer.current = setTimeout(() => {
        if (candles.length === 0) return;
        const query = buildChartQuery({ from: candles[z.start]?.t, to: candles[z.end]?.t, log: nextLog, ma: nextMa, hl: initial.hl, horizon: initial.horizon, via: initial.via }, cadence.maPeriods);
        window.history.replaceState(window.history.state, "", `${window.location.pathname}${query}`);
      }, 250);
    },
    [candles, cadence, initial.hl, initial.horizon, initial.via],
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!ready || !chart) return;
    const onZoom = () => {
      const dz = (chart.getOption() as { dataZoom?: { startValue?: number; endValue?: number; start?: number; end?: number }[] }).dataZoom?.[0];
      if (!dz) return;
      const last = candles.length - 1;
      const start = typeof dz.startValue === "number" ? dz.startValue : Math.round(((dz.start ?? 0) / 100) * last);
      const end = typeof dz.endValue === "number" ? dz.endValue : Math.round(((dz.end ?? 100) / 100) * last);
      zoomRef.current = { start, end };
      setZoom(zoomRef.current);
      if (log) {
        const ticks = logTicksForWindow(candles, start, end);
        chart.setOption({ yAxis: [{ axisLabel: { customValues: ticks }, axisTick: { customValues: ticks } }] });
      }
      syncUrl(zoomRef.current, log, ma);
    };
    chart.on("datazoom", onZoom);
    return () => {
      chart.off("datazoom", onZoom);
    };
  }, [ready, chartRef, candles, syncUrl, log, ma]);

  // Where the crosshair is on each date axis, as data attributes: the e2e suite checks that both panes agree.
  useEffect(() => {
    const chart = chartRef.current;
    const el = containerRef.current;
    if (!ready || !chart || !el) return;
    const onPointer = (e: unknown) => {
      const axes = (e as { axesInfo?: { axisDim: string; axisIndex: number; value: unknown }[] }).axesInfo ?? [];
      const dates = axes
        .filter((a) => a.axisDim === "x")
        .sort((a, b) => a.axisIndex - b.axisIndex)
        .map((a) => (typeof a.value === "number" ? candles[a.value]?.t : String(a.value)));
      if (dates.length) el.dataset.pointerDates = dates.join(",");
    };
    chart.on("updateAxisPointer", onPointer);
    return () => {
      chart.off("updateAxisPointer", onPointer);
    };
  }, [ready, chartRef, candles]);

  // Range picking for "Find similar": an ECharts lineX brush over the price grid.
  useEffect(() => {
    const chart = chartRef.current;
    if (!ready || !chart) return;
    const onBrush = (e: unknown) => {
      const areas = (e as { areas?: { coordRange?: [number, number] }[] }).areas ?? [];
      const range = areas[0]?.coordRange;
      if (!range) {
        setSelection(null);
        return;
      }
      const last = candles.length - 1;
      const start = Math.max(0, Math.min(last, Math.round(Math.min(range[0], range[1]))));
      const end = Math.max(0, Math.min(last, Math.round(Math.max(range[0], range[1]))));
      setSelection(end > start ? { start, end } : null);
    };
    chart.on("brushEnd", onBrush);
    return () => {
      chart.off("brushEnd", onBrush);
    };
  }, [ready, chartRef, candles.length]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!ready || !chart) return;
    chart.dispatchAction({ type: "takeGlobalCursor", key: "brush", brushOption: selecting ? { brushType: "lineX", brushMode: "single" } : { brushType: false } });
    // The option is rebuilt on theme or toggle changes; re-arm the brush after each rebuild.
  }, [ready, chartRef, selecting, built]);

  const toggleSelecting = () => {
    if (selecting) {
      chartRef.current?.dispatchAction({ type: "brush", areas: [] });
      setSelection(null);
    }
    setSelecting(!selecting);
  };

  const applyZoom = useCallback(
    (z: IndexRange) => {
      const last = candles.length - 1;
      const start = Math.max(0, Math.min(z.start, last));
      const end = Math.max(start, Math.min(z.end, last));
      chartRef.current?.dispatchAction({ type: "dataZoom", startValue: start, endValue: end });
    },
    [candles.length, chartRef],
  );

  const toggleMa = (period: number) => {
    const next = ma.includes(period) ? ma.filter((m) => m !== period) : [...ma, period].sort((a, b) => a - b);
    setMa(next);
    syncUrl(zoomRef.current, log, next);
  };
  const toggleLog = () => {
    setLog(!log);
    syncUrl(zoomRef.current, !log, ma);
  };

  // Arrow keys pan, +/- zoom, Home/End jump: the chart is usable without a mouse.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const { start, end } = zoomRef.current;
    const span = end - start + 1;
    const step = Math.max(1, Math.round(span * 0.1));
    let next: IndexRange | null = null;
    if (e.key === "ArrowLeft") next = { start: Math.max(0, start - step), end: Math.max(0, start - step) + span - 1 };
    else if (e.key === "ArrowRight") next = { start: Math.min(candles.length - span, start + step), end: Math.min(candles.length - 1, end + step) };
    else if (e.key === "+" || e.key === "=") next = span > MIN_VISIBLE ? { start: start + Math.floor(step / 2), end: end - Math.ceil(step / 2) } : null;
    else if (e.key === "-" || e.key === "_") next = { start: start - step, end: end + step };
    else if (e.key === "Home") next = { start: 0, end: span - 1 };
    else if (e.key === "End") next = { start: candles.length - span, end: candles.length - 1 };
    if (next) {
      e.preventDefault();
      applyZoom(next);
    }
  };

  // A range that would show a handful of candles is no view (1M of monthly data is one point): left out.
  const presets = RANGE_PRESETS.filter((p) => {
    const r = presetRange(candles, p.id as RangePresetId);
    return p.id === "MAX" || r.end - r.start + 1 >= MIN_PRESET_CANDLES;
  });
  const activePreset = presets.find((p) => {
    const r = presetRange(candles, p.id as RangePresetId);
    return r.start === zoom.start && r.end === zoom.end;
  })?.id;
  const visible = candles.slice(zoom.start, zoom.end + 1);
  const firstClose = visible.find((c) => c.c != null)?.c ?? null;
  const lastClose = [...visible].reverse().find((c) => c.c != null)?.c ?? null;
  const viewChange = firstClose != null && lastClose != null && firstClose !== 0 ? ((lastClose - firstClose) / firstClose) * 100 : null;
  // Close-only rows reach as high and as low as their close.
  const highs = visible.map((c) => c.h ?? c.c).filter((v): v is number => v != null);
  const lows = visible.map((c) => c.l ?? c.c).filter((v): v is number => v != null);

  return (
    <section aria-label={`${symbol} price chart`} className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-border px-3 py-2.5 sm:px-4">
        <div role="group" aria-label="Visible range" className="flex items-center gap-0.5 rounded-lg bg-surface-2 p-0.5">
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={activePreset === p.id}
              onClick={() => applyZoom(presetRange(candles, p.id as RangePresetId))}
              className="h-7 rounded-md px-2 text-xs font-semibold text-muted transition-colors hover:bg-surface hover:text-fg aria-pressed:bg-surface aria-pressed:text-fg aria-pressed:shadow-sm"
            >
              {p.label}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Moving averages" className="flex items-center gap-1.5">
          {cadence.maPeriods.map((p, rank) => (
            <button
              key={p}
              type="button"
              aria-pressed={ma.includes(p)}
              onClick={() => toggleMa(p)}
              className={chip}
              data-testid={`ma-${p}`}
              title={`${p}-${cadence.unit} moving average of the close`}
            >
              <span aria-hidden className="h-0.5 w-3 rounded-full" style={{ background: maColor(palette, rank), opacity: ma.includes(p) ? 1 : 0.4 }} />
              MA {p}
              <span className="font-normal text-muted">{cadence.unitShort}</span>
            </button>
          ))}
        </div>
        <button type="button" aria-pressed={log} onClick={toggleLog} className={chip} data-testid="log-toggle" title="Logarithmic price scale">
          Log
        </button>
        <button type="button" aria-pressed={selecting} onClick={toggleSelecting} className={chip} data-testid="select-range" title="Drag across the chart to pick a stretch to search for">
          Select range
        </button>
        <div className="ml-auto flex items-center gap-3 text-xs text-muted" aria-live="polite">
          <span className="tabular hidden sm:inline">
            {formatDate(candles[zoom.start]?.t)} – {formatDate(candles[zoom.end]?.t)}
          </span>
          <span className="tabular hidden md:inline">
            H {formatPrice(highs.length ? Math.max(...highs) : null)} · L {formatPrice(lows.length ? Math.min(...lows) : null)}
          </span>
          <ChangeText value={viewChange} className="text-xs" />
        </div>
      </div>
      <div className="relative">
        <div
          ref={containerRef}
          tabIndex={0}
          role="img"
          aria-label={`${built.priceStyle === "line" ? "Close line" : "Candlestick"} chart of ${symbol}, ${built.candleCount} ${cadence.id === "daily" ? "trading days" : cadence.units}. Arrow keys pan, plus and minus zoom.`}
          onKeyDown={onKeyDown}
          data-testid="candle-chart"
          data-cadence={cadence.id}
          data-price-style={built.priceStyle}
          data-has-volume={built.hasVolume ? "true" : "false"}
          data-candle-count={built.candleCount}
          data-drawn-count={built.drawnCount}
          data-gap-count={built.gaps.length}
          data-ready={ready ? "true" : "false"}
          data-highlight={highlight ? `${candles[highlight.start]?.t}..${candles[highlight.end]?.t}` : undefined}
          className="h-[440px] w-full sm:h-[540px]"
        />
        {!ready && !error ? (
          <div className="absolute inset-0 flex items-center justify-center text-sm text-muted">
            <span className="mr-2 h-4 w-4 animate-spin rounded-full border-2 border-border border-t-accent" aria-hidden /> Loading chart…
          </div>
        ) : null}
        {error ? <div className="absolute inset-0 flex items-center justify-center text-sm text-down">The chart could not load: {error}</div> : null}
      </div>
      {selecting ? (
        <div className="flex flex-wrap items-center gap-3 border-t border-border bg-accent-soft/40 px-4 py-2.5 text-sm" data-testid="selection-bar">
          {selection ? (
            <>
              <span>
                Selected <strong className="tabular">{formatDate(candles[selection.start].t)} – {formatDate(candles[selection.end].t)}</strong>{" "}
                <span className="text-muted">({selection.end - selection.start + 1} {cadence.id === "daily" ? "trading days" : cadence.units})</span>
              </span>
              <Link
                href={`/search?type=range&symbol=${encodeURIComponent(symbol)}&from=${candles[selection.start].t}&to=${candles[selection.end].t}`}
                className={`${buttonPrimary} ml-auto h-8`}
                data-testid="find-similar"
              >
                Find similar
              </Link>
            </>
          ) : (
            <>
              <span className="text-muted">Drag across the chart to select a stretch, or</span>
              <button type="button" className="text-accent underline-offset-2 hover:underline" onClick={() => setSelection({ ...zoomRef.current })}>
                use the visible range
              </button>
            </>
          )}
        </div>
      ) : null}
      {built.gaps.length > 0 || built.drawnCount < built.candleCount || cadence.id !== "daily" ? (
        <p className="border-t border-border px-4 py-2 text-xs text-muted" data-testid="chart-caption">
          {cadence.id !== "daily" ? `${cadence.id[0].toUpperCase()}${cadence.id.slice(1)} data${built.priceStyle === "line" ? " (closes only, drawn as a line)" : ""}: moving averages count ${cadence.units}. ` : ""}
          {built.gaps.length > 0 ? `Dashed lines mark ${built.gaps.length} ${built.gaps.length === 1 ? "gap" : "gaps"} of more than ${built.gapDays} calendar days without data. ` : ""}
          {built.drawnCount < built.candleCount ? `${built.candleCount - built.drawnCount} incomplete ${built.candleCount - built.drawnCount === 1 ? "row is" : "rows are"} left blank rather than drawn.` : ""}
        </p>
      ) : null}
    </section>
  );
}
