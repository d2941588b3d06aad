import type { EChartsOption } from "echarts";
import { baseOption, TOOLTIP_CSS, tooltipStyle } from "@/lib/chart/base-option";
import { detectCadence, type Cadence } from "@/lib/chart/cadence";
import { findGaps, type Gap } from "@/lib/chart/find-gaps";
import { escapeHtml, formatCompact, formatDate, formatMonth, formatPercent, formatPrice } from "@/lib/chart/format";
import { LOG_PAD_HIGH, LOG_PAD_LOW, logTicksForWindow } from "@/lib/chart/log-ticks";
import { computeMovingAverage } from "@/lib/chart/moving-average";
import { maColor, type ChartPalette } from "@/lib/chart/palette";
import type { Candle } from "@/lib/tickers/types";

export type IndexRange = { start: number; end: number };

export type CandleOptionInput = {
  candles: readonly Candle[];
  palette: ChartPalette;
  maPeriods?: readonly number[];
  log?: boolean;
  /** Visible window as candle indices (inclusive); the whole series when absent. */
  zoom?: IndexRange;
  /** A stretch to highlight (e.g. a search match) and the forward horizon after it, as candle indices. */
  highlight?: IndexRange & { horizonEnd?: number };
  /** How often the series has a row; read from the dates when absent. */
  cadence?: Cadence;
  /** Gaps longer than this many calendar days get a marker (the cadence's own threshold when absent). */
  gapDays?: number;
  /** Adds the ECharts brush (lineX) used to pick a range for "Find similar". */
  brush?: boolean;
};

export type CandleOptionResult = {
  option: EChartsOption;
  /** Rows on the axis (one per stored row). */
  candleCount: number;
  /** Rows actually drawn: with all of open, high, low and close as candles, with a close as a line. */
  drawnCount: number;
  gaps: Gap[];
  /** The gap threshold used, in calendar days. */
  gapDays: number;
  cadence: Cadence;
  /** Candles when most rows carry open, high, low and close; a close line when they carry closes only. */
  priceStyle: "candles" | "line";
  /** False when no row has a volume: the chart then has no volume pane. */
  hasVolume: boolean;
};

/** Candles need OHLC; a series where fewer than half the closes come with the rest draws as a close line. */
function choosePriceStyle(candles: readonly Candle[]): "candles" | "line" {
  let closes = 0;
  let full = 0;
  for (const c of candles) {
    if (c.c == null) continue;
    closes++;
    if (c.o != null && c.h != null && c.l != null) full++;
  }
  return full * 2 >= closes && full > 0 ? "candles" : "line";
}

/** ECharts wants [open, close, low, high]; a row missing any of them draws nothing instead of a made-up candle. */
function toCandleDatum(c: Candle): [number, number, number, number] | "-" {
  if (c.o == null || c.h == null || c.l == null || c.c == null) return "-";
  return [c.o, c.c, c.l, c.h];
}

function isUpCandle(c: Candle): boolean {
  return c.o != null && c.c != null && c.c >= c.o;
}

/** Index of the first candle on or after `date` (clamped), for mapping URL dates to the category axis. */
export function indexOnOrAfter(candles: readonly Candle[], date: string): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid].t < date) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, candles.length - 1));
}

/** Index of the last candle on or before `date` (clamped). */
export function indexOnOrBefore(candles: readonly Candle[], date: string): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid].t <= date) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

export function formatCandleTooltip(options: {
  candle: Candle;
  prevClose: number | null;
  ma: { label: string; value: number | null; color: string }[];
  palette: ChartPalette;
  /** Close-only rows show their close alone; a volume row appears when the series has volumes. */
  priceStyle?: "candles" | "line";
  hasVolume?: boolean;
}): string {
  const { candle: c, prevClose, ma, palette, priceStyle = "candles", hasVolume = true } = options;
  const change = c.c != null && prevClose != null && prevClose !== 0 ? ((c.c - prevClose) / prevClose) * 100 : null;
  const changeColor = change == null ? palette.muted : change >= 0 ? palette.up : palette.down;
  const row = (label: string, value: string, color = palette.text) =>
    `<div style="display:flex;justify-content:space-between;gap:16px"><span style="color:${palette.muted}">${label}</span><span style="color:${color};font-variant-numeric:tabular-nums">${value}</span></div>`;
  const missing = priceStyle === "line" ? c.c == null : c.o == null || c.h == null || c.l == null || c.c == null;
  return [
    `<div style="font-weight:600;margin-bottom:4px" data-tooltip-date="${escapeHtml(c.t)}">${escapeHtml(formatDate(c.t))}</div>`,
    ...(priceStyle === "candles" ? [row("Open", formatPrice(c.o)), row("High", formatPrice(c.h)), row("Low", formatPrice(c.l))] : []),
    row("Close", formatPrice(c.c)),
    row("Change", formatPercent(change), changeColor),
    ...(hasVolume ? [row("Volume", formatCompact(c.v))] : []),
    ...ma.map((m) => row(escapeHtml(m.label), formatPrice(m.value), m.color)),
    missing ? `<div style="margin-top:4px;color:${palette.warn}">Incomplete row: not drawn</div>` : "",
  ].join("");
}

/** The candlestick (or close line) + volume chart as a plain ECharts option (pure, so it is unit-tested without a browser). */
export function buildCandleOption(input: CandleOptionInput): CandleOptionResult {
  const { candles, palette, log = false, zoom, highlight, brush = false } = input;
  const dates = candles.map((c) => c.t);
  const cadence = input.cadence ?? detectCadence(dates);
  const gapDays = input.gapDays ?? cadence.gapDays;
  const maPeriods = [...(input.maPeriods ?? cadence.maPeriods)].sort((a, b) => a - b);
  const priceStyle = choosePriceStyle(candles);
  const hasVolume = candles.some((c) => c.v != null && c.v > 0);
  const candleData = candles.map(toCandleDatum);
  const closes = candles.map((c) => c.c);
  const drawnCount = priceStyle === "candles" ? candleData.filter((d) => d !== "-").length : closes.filter((v) => v != null).length;
  const maLines = maPeriods.map((period) => {
    const rank = cadence.maPeriods.indexOf(period);
    return { period, label: `MA ${period} ${period === 1 ? cadence.unit : cadence.units}`, color: maColor(palette, rank < 0 ? maPeriods.indexOf(period) : rank), values: computeMovingAverage(closes, period) };
  });
  const gaps = findGaps(dates, gapDays);
  const last = Math.max(0, candles.length - 1);
  const view = zoom ? { start: Math.max(0, Math.min(zoom.start, last)), end: Math.max(0, Math.min(zoom.end, last)) } : { start: 0, end: last };
  const byDate = new Map(dates.map((d, i) => [d, i]));

  // Recomputed by the view on zoom (see logTicksForWindow), since a log axis' own ticks are powers of ten only.
  const logTicks = log ? logTicksForWindow(candles, view.start, view.end) : [];

  const volumeData = candles.map((c) =>
    c.v == null ? "-" : { value: c.v, itemStyle: { color: isUpCandle(c) ? palette.up : palette.down, opacity: 0.45 } },
  );

  const markAreaData: unknown[] = [];
  if (highlight && candles.length > 0) {
    const hs = Math.max(0, Math.min(highlight.start, last));
    const he = Math.max(hs, Math.min(highlight.end, last));
    markAreaData.push([
      { xAxis: dates[hs], name: "Match", itemStyle: { color: palette.highlight } },
      { xAxis: dates[he] },
    ]);
    if (highlight.horizonEnd != null && highlight.horizonEnd > he && he < last) {
      markAreaData.push([
        { xAxis: dates[he + 1], name: "After", itemStyle: { color: palette.horizon } },
        { xAxis: dates[Math.min(highlight.horizonEnd, last)] },
      ]);
    }
  }

  const axisCommon = {
    axisLine: { lineStyle: { color: palette.axis } },
    axisTick: { show: false },
    axisLabel: { color: palette.muted, fontSize: 11 },
    splitLine: { lineStyle: { color: palette.grid } },
  };
  // A monthly or sparser axis is labelled in months ("Oct 2009"); its rows' day of the month says nothing.
  const axisDate = cadence.id === "daily" || cadence.id === "weekly" ? formatDate : formatMonth;
  const dateAxisLabel = { ...axisCommon.axisLabel, formatter: (v: string) => axisDate(v), hideOverlap: true };
  const dateAxisPointer = { label: { formatter: (p: { value: unknown }) => formatDate(String(p.value)) } };
  const xAxisIndices = hasVolume ? [0, 1] : [0];

  const priceMarks = {
    markLine: {
      symbol: ["none", "none"],
      silent: true,
      animation: false,
      lineStyle: { color: palette.gap, type: "dashed" as const, width: 1 },
      label: { color: palette.muted, fontSize: 10, position: "insideEndTop" as const, formatter: (p: { name?: string }) => p.name ?? "" },
      data: gaps.map((g) => ({ xAxis: g.after, name: `${g.days}d gap` })),
    },
    ...(markAreaData.length ? { markArea: { silent: true, data: markAreaData as never } } : {}),
  };

  const option: EChartsOption = {
    ...baseOption(),
    // The brush is driven from the toolbar's "Select range"; its own toolbox icons would sit on the top price label.
    toolbox: { show: false },
    // One crosshair for both panes: the pointer on either date axis moves the other to the same date.
    axisPointer: { link: [{ xAxisIndex: "all" }], snap: true, label: { backgroundColor: palette.muted } },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "cross", snap: true, lineStyle: { color: palette.muted, type: "dashed" }, crossStyle: { color: palette.muted } },
      ...tooltipStyle(palette),
      padding: [8, 10],
      extraCssText: `${TOOLTIP_CSS}min-width:170px;`,
      formatter: (params: unknown) => {
        // The row is found by the axis' own date, so the tooltip always names the date the crosshair is on.
        const list = Array.isArray(params) ? params : [params];
        const axisValue = (list[0] as { axisValue?: unknown } | undefined)?.axisValue;
        const idx = typeof axisValue === "string" ? byDate.get(axisValue) : undefined;
        if (idx == null || !candles[idx]) return "";
        return formatCandleTooltip({
          candle: candles[idx],
          prevClose: idx > 0 ? candles[idx - 1].c : null,
          ma: maLines.map((m) => ({ label: m.label, value: m.values[idx], color: m.color })),
          palette,
          priceStyle,
          hasVolume,
        });
      },
    },
    grid: hasVolume
      ? [
          { left: 12, right: 68, top: 28, bottom: 160 },
          { left: 12, right: 68, height: 72, bottom: 68 },
        ]
      : [{ left: 12, right: 68, top: 28, bottom: 68 }],
    xAxis: [
      {
        type: "category",
        data: dates,
        boundaryGap: true,
        ...axisCommon,
        splitLine: { show: false },
        // The date labels sit under the lowest pane.
        axisLabel: hasVolume ? { show: false } : dateAxisLabel,
        axisPointer: hasVolume ? { label: { show: false } } : dateAxisPointer,
      },
      ...(hasVolume
        ? [{ type: "category" as const, gridIndex: 1, data: dates, boundaryGap: true, ...axisCommon, splitLine: { show: false }, axisLabel: dateAxisLabel, axisPointer: dateAxisPointer }]
        : []),
    ],
    yAxis: [
      {
        type: log ? "log" : "value",
        // A log axis snaps to powers of ten unless its range is padded by hand.
        ...(log ? { logBase: 10, min: (v: { min: number }) => v.min * LOG_PAD_LOW, max: (v: { max: number }) => v.max * LOG_PAD_HIGH } : { scale: true }),
        position: "right",
        ...axisCommon,
        axisLine: { show: false },
        ...(log ? { axisTick: { show: false, customValues: logTicks } } : {}),
        axisLabel: { ...axisCommon.axisLabel, formatter: (v: number) => formatPrice(v), ...(log ? { customValues: logTicks } : {}) },
        axisPointer: { label: { formatter: (p: { value: unknown }) => formatPrice(Number(p.value)) } },
      },
      ...(hasVolume
        ? [
            {
              type: "value" as const,
              gridIndex: 1,
              position: "right" as const,
              splitNumber: 2,
              ...axisCommon,
              axisLine: { show: false },
              axisLabel: { ...axisCommon.axisLabel, formatter: (v: number) => formatCompact(v) },
              axisPointer: { label: { formatter: (p: { value: unknown }) => formatCompact(Number(p.value)) } },
            },
          ]
        : []),
    ],
    dataZoom: [
      { type: "inside", xAxisIndex: xAxisIndices, startValue: view.start, endValue: view.end, zoomOnMouseWheel: true, moveOnMouseMove: true, moveOnMouseWheel: false, preventDefaultMouseMove: true },
      {
        type: "slider",
        xAxisIndex: xAxisIndices,
        startValue: view.start,
        endValue: view.end,
        bottom: 8,
        height: 26,
        borderColor: palette.axis,
        fillerColor: palette.highlight,
        textStyle: { color: palette.muted, fontSize: 11 },
        labelFormatter: (_: number, v: string) => formatDate(v),
        dataBackground: { lineStyle: { color: palette.neutral }, areaStyle: { color: palette.grid } },
        selectedDataBackground: { lineStyle: { color: palette.accent }, areaStyle: { color: palette.highlight } },
        handleStyle: { color: palette.tooltipBg, borderColor: palette.muted },
        moveHandleStyle: { color: palette.axis },
        brushSelect: false,
      },
    ],
    series: [
      priceStyle === "candles"
        ? {
            name: "Price",
            type: "candlestick",
            data: candleData as never,
            xAxisIndex: 0,
            yAxisIndex: 0,
            barMaxWidth: 14,
            itemStyle: { color: palette.up, color0: palette.down, borderColor: palette.up, borderColor0: palette.down },
            ...priceMarks,
          }
        : {
            name: "Close",
            type: "line",
            data: closes.map((v) => (v == null ? "-" : v)) as never,
            xAxisIndex: 0,
            yAxisIndex: 0,
            showSymbol: false,
            connectNulls: false,
            lineStyle: { width: 1.8, color: palette.text },
            itemStyle: { color: palette.text },
            emphasis: { disabled: true },
            z: 4,
            ...priceMarks,
          },
      ...maLines.map((m) => ({
        name: `MA ${m.period}`,
        type: "line" as const,
        data: m.values.map((v) => (v == null ? "-" : v)),
        xAxisIndex: 0,
        yAxisIndex: 0,
        showSymbol: false,
        smooth: false,
        connectNulls: false,
        lineStyle: { width: 1.3, color: m.color },
        itemStyle: { color: m.color },
        emphasis: { disabled: true },
        z: 3,
      })),
      ...(hasVolume ? [{ name: "Volume", type: "bar" as const, data: volumeData as never, xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 14 }] : []),
    ],
    ...(brush
      ? { brush: { toolbox: [], xAxisIndex: 0, brushType: "lineX", brushMode: "single", throttleType: "debounce", throttleDelay: 120, transformable: true, brushStyle: { color: palette.highlight, borderColor: palette.accent, borderWidth: 1 }, outOfBrush: { colorAlpha: 0.35 } } }
      : {}),
  };

  return { option, candleCount: candles.length, drawnCount, gaps, gapDays, cadence, priceStyle, hasVolume };
}
