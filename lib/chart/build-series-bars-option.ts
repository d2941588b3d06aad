import type { EChartsOption } from "echarts";
import { baseOption, tooltipStyle } from "@/lib/chart/base-option";
import { escapeHtml, formatCompact, formatDate, formatPercent } from "@/lib/chart/format";
import { getChartPalette, type ChartPalette } from "@/lib/chart/palette";
import { BIG_DROP_PCT, changeColor, classifyChange, percentChange, type ChangeClass } from "@/lib/chart/period-change";
import type { SeriesPoint } from "@/lib/tickers/types";

export type SeriesBar = { t: string; v: number | null; changePct: number | null; cls: ChangeClass; color: string };

/** Each point with its change from the previous one and the colour that change gets. */
export function classifySeriesPoints(points: readonly SeriesPoint[], palette: ChartPalette = getChartPalette("light"), bigDropPct = BIG_DROP_PCT): SeriesBar[] {
  return points.map((p, i) => {
    const changePct = i === 0 ? null : percentChange(points[i - 1].v, p.v);
    const cls = classifyChange(changePct, bigDropPct);
    return { t: p.t, v: p.v, changePct, cls, color: changeColor(palette, cls) };
  });
}

/** Bars of a document series (revenue, market cap, ...) coloured by period-over-period change. */
export function buildSeriesBarsOption(input: { name: string; points: readonly SeriesPoint[]; palette: ChartPalette; bigDropPct?: number }): { option: EChartsOption; bars: SeriesBar[] } {
  const { name, points, palette, bigDropPct = BIG_DROP_PCT } = input;
  const bars = classifySeriesPoints(points, palette, bigDropPct);
  const option: EChartsOption = {
    ...baseOption(),
    grid: { left: 12, right: 64, top: 12, bottom: 28 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      ...tooltipStyle(palette),
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? params : [params];
        const idx = (list[0] as { dataIndex?: number } | undefined)?.dataIndex;
        const b = idx == null ? undefined : bars[idx];
        if (!b) return "";
        return `<div style="font-weight:600">${escapeHtml(formatDate(b.t))}</div><div>${escapeHtml(name)}: ${formatCompact(b.v)}</div><div style="color:${b.color}">${formatPercent(b.changePct)} vs previous</div>`;
      },
    },
    xAxis: {
      type: "category",
      data: bars.map((b) => b.t),
      axisLine: { lineStyle: { color: palette.axis } },
      axisTick: { show: false },
      axisLabel: { color: palette.muted, fontSize: 11, hideOverlap: true, formatter: (v: string) => v.slice(0, 7) },
    },
    yAxis: {
      type: "value",
      position: "right",
      splitNumber: 3,
      axisLabel: { color: palette.muted, fontSize: 11, formatter: (v: number) => formatCompact(v) },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: [
      {
        name,
        type: "bar",
        barMaxWidth: 28,
        data: bars.map((b) => (b.v == null ? "-" : { value: b.v, itemStyle: { color: b.color, borderRadius: [3, 3, 0, 0] } })) as never,
      },
    ],
  };
  return { option, bars };
}
