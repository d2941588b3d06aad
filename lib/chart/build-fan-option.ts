import type { EChartsOption } from "echarts";
import { baseOption, tooltipStyle } from "@/lib/chart/base-option";
import { escapeHtml, formatPercent } from "@/lib/chart/format";
import type { ChartPalette } from "@/lib/chart/palette";
import type { Fan, FanName } from "@/lib/outcomes/types";

const pct = (v: number | null | undefined) => (v == null ? "–" : formatPercent(v * 100));

/** A band between two percentile lines as two stacked series: the lower line (invisible) and the gap above it. */
function band({ id, lo, hi, days, color, stack }: { id: string; lo: (number | null)[]; hi: (number | null)[]; days: number[]; color: string; stack: string }) {
  const base = days.map((d, i) => [d, lo[i] == null ? null : lo[i]! * 100]);
  const gap = days.map((d, i) => [d, lo[i] == null || hi[i] == null ? null : (hi[i]! - lo[i]!) * 100]);
  return [
    // stackStrategy "all": ECharts otherwise stacks a positive gap on the positive sum only, not on a negative lower line.
    { id: `${id}-lo`, type: "line" as const, data: base, stack, stackStrategy: "all" as const, symbol: "none", lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
    { id: `${id}-gap`, type: "line" as const, data: gap, stack, stackStrategy: "all" as const, symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color }, silent: true, tooltip: { show: false } },
  ];
}

/** Whether a fan has anything to draw (a percentile line with at least one value). */
export function hasFan(fan: Fan): boolean {
  return !!fan.match && fan.match.p50.some((v) => v != null);
}

/**
 * The fan chart of what followed the matches: their forward returns' 10-90% and 25-75% bands and median after each
 * day, aligned at the match end (day 0), beside the median and 10-90% band of random windows from the same tickers
 * and period (the base rate). Values are fractions; the axis reads percent.
 */
export function buildFanOption({ fan, palette, horizon }: { fan: Fan; palette: ChartPalette; horizon: number }): EChartsOption {
  const { days, match, base } = fan;
  const at = (p: Record<FanName, (number | null)[]> | null, k: FanName) => p?.[k] ?? days.map(() => null);
  const line = (values: (number | null)[]) => days.map((d, i) => [d, values[i] == null ? null : values[i]! * 100]);
  const series: NonNullable<EChartsOption["series"]> = [
    ...(base ? band({ id: "base-p10-p90", lo: at(base, "p10"), hi: at(base, "p90"), days, color: withAlpha(palette.neutral, 0.16), stack: "base" }) : []),
    ...(match ? band({ id: "match-p10-p90", lo: at(match, "p10"), hi: at(match, "p90"), days, color: withAlpha(palette.accent, 0.16), stack: "match-outer" }) : []),
    ...(match ? band({ id: "match-p25-p75", lo: at(match, "p25"), hi: at(match, "p75"), days, color: withAlpha(palette.accent, 0.3), stack: "match-inner" }) : []),
    ...(base ? (["p10", "p90"] as const).map((k) => ({ id: `base-${k}`, type: "line" as const, data: line(at(base, k)), symbol: "none", silent: true, lineStyle: { color: palette.muted, width: 1, type: "dotted" as const, opacity: 0.8 }, tooltip: { show: false } })) : []),
    ...(base ? [{ id: "base-median", name: "Base rate median", type: "line" as const, data: line(at(base, "p50")), symbol: "none", lineStyle: { color: palette.muted, width: 1.5, type: "dashed" as const }, itemStyle: { color: palette.muted } }] : []),
    ...(match ? [{ id: "match-median", name: "Matches median", type: "line" as const, data: line(at(match, "p50")), symbol: "none", lineStyle: { color: palette.accent, width: 2 }, itemStyle: { color: palette.accent } }] : []),
  ];
  return {
    ...baseOption(),
    grid: { left: 44, right: 10, top: 10, bottom: 34 },
    xAxis: {
      type: "value",
      min: 0,
      max: days[days.length - 1] ?? horizon,
      name: "trading days after the match",
      nameLocation: "middle",
      nameGap: 22,
      nameTextStyle: { color: palette.muted, fontSize: 10 },
      axisLine: { lineStyle: { color: palette.axis } },
      axisLabel: { color: palette.muted, fontSize: 10 },
      splitLine: { show: false },
    },
    yAxis: {
      type: "value",
      axisLabel: { color: palette.muted, fontSize: 10, formatter: (v: number) => `${v > 0 ? "+" : ""}${Math.round(v * 10) / 10}%` },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    tooltip: {
      trigger: "axis",
      ...tooltipStyle(palette),
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params : [params])[0] as { dataIndex?: number } | undefined;
        const i = first?.dataIndex;
        if (i == null) return "";
        const rows = [`<div style="font-weight:600">${escapeHtml(`Day ${days[i]} after the match`)}</div>`];
        if (match) rows.push(`<div style="color:${palette.accent}">Matches: median ${pct(match.p50[i])}, half between ${pct(match.p25[i])} and ${pct(match.p75[i])}, 80% between ${pct(match.p10[i])} and ${pct(match.p90[i])}</div>`);
        if (base) rows.push(`<div style="color:${palette.muted}">Base rate: median ${pct(base.p50[i])}, 80% between ${pct(base.p10[i])} and ${pct(base.p90[i])}</div>`);
        return rows.join("");
      },
    },
    series,
  };
}

/** "#rrggbb" at an opacity, as rgba (the palette's colours are hex). */
function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
