"use client";

import { useMemo, useRef } from "react";
import { useECharts } from "@/components/chart/use-echarts";
import { useTheme } from "@/components/theme/use-theme";
import { buildFanOption } from "@/lib/chart/build-fan-option";
import { getChartPalette } from "@/lib/chart/palette";
import type { Fan } from "@/lib/outcomes/types";

/** The aftermath of the matches as a fan (ECharts): median and percentile bands of forward returns, beside the base rate's. */
export function FanChart({ fan, horizon }: { fan: Fan; horizon: number }) {
  const { theme } = useTheme();
  const palette = getChartPalette(theme);
  const option = useMemo(() => buildFanOption({ fan, palette, horizon }), [fan, palette, horizon]);
  const ref = useRef<HTMLDivElement>(null);
  const { ready } = useECharts(ref, option);
  return (
    <figure className="mt-4" data-testid="fan-chart">
      <div ref={ref} role="img" aria-label={`Fan chart of the matches' returns over the ${fan.days[fan.days.length - 1] ?? horizon} trading days after them, against the base rate`} data-ready={ready} className="h-44 w-full" />
      <figcaption className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-muted">
        <span className="flex items-center gap-1"><span className="h-0.5 w-4 rounded bg-accent" aria-hidden />Matches: median</span>
        <span className="flex items-center gap-1"><span className="h-2.5 w-4 rounded-sm bg-accent/30" aria-hidden />half of them</span>
        <span className="flex items-center gap-1"><span className="h-2.5 w-4 rounded-sm bg-accent/15" aria-hidden />80%</span>
        <span className="flex items-center gap-1"><span className="h-0 w-4 border-t-2 border-dashed border-muted" aria-hidden />Base rate (same tickers and period): median, and dotted 80%</span>
      </figcaption>
    </figure>
  );
}
