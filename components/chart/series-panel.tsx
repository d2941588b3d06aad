"use client";

import { useMemo, useRef, useState } from "react";
import { useECharts } from "@/components/chart/use-echarts";
import { useTheme } from "@/components/theme/use-theme";
import { buildSeriesBarsOption } from "@/lib/chart/build-series-bars-option";
import { formatCompact, formatDate, formatPercent } from "@/lib/chart/format";
import { getChartPalette } from "@/lib/chart/palette";
import { BIG_DROP_PCT } from "@/lib/chart/period-change";
import type { SeriesResult } from "@/lib/tickers/types";

function label(name: string): string {
  return name.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

/** The document's other numeric series (fundamentals) as bars coloured by period-over-period change. */
export function SeriesPanel({ series }: { series: SeriesResult[] }) {
  const [active, setActive] = useState(0);
  const { theme } = useTheme();
  const palette = getChartPalette(theme);
  const current = series[Math.min(active, series.length - 1)];
  const built = useMemo(() => buildSeriesBarsOption({ name: label(current.name), points: current.points, palette }), [current, palette]);
  const ref = useRef<HTMLDivElement>(null);
  useECharts(ref, built.option);
  const last = built.bars[built.bars.length - 1];

  return (
    <section aria-labelledby="series-title" className="rounded-xl border border-border bg-surface shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
        <div>
          <h2 id="series-title" className="text-sm font-semibold">Other series</h2>
          <p className="text-xs text-muted">From the ticker’s documents, {current.frequency}, {current.points.length} points</p>
        </div>
        <div role="tablist" aria-label="Series" className="flex flex-wrap gap-1 rounded-lg bg-surface-2 p-0.5">
          {series.map((s, i) => (
            <button
              key={s.name}
              role="tab"
              type="button"
              aria-selected={i === active}
              onClick={() => setActive(i)}
              className="h-7 rounded-md px-2.5 text-xs font-semibold text-muted transition-colors hover:text-fg aria-selected:bg-surface aria-selected:text-fg aria-selected:shadow-sm"
            >
              {label(s.name)}
            </button>
          ))}
        </div>
      </div>
      <div className="grid gap-4 p-4 md:grid-cols-[1fr_200px]">
        <div ref={ref} role="img" aria-label={`${label(current.name)} bars`} data-testid="series-chart" data-bar-count={built.bars.length} className="h-64 w-full" />
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-xs text-muted">Latest</dt>
            <dd className="tabular text-lg font-semibold">{formatCompact(last?.v)}</dd>
            <dd className="text-xs text-muted">{formatDate(last?.t)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted">vs previous</dt>
            <dd className="tabular font-medium" style={{ color: last?.color }}>{formatPercent(last?.changePct ?? null)}</dd>
          </div>
          <div className="space-y-1.5 border-t border-border pt-3 text-xs text-muted">
            <div className="flex items-center gap-2"><span className="h-2.5 w-2.5 rounded-sm" style={{ background: palette.up }} />Up on the period</div>
            <div className="flex items-center gap-2"><span className="h-2.5 w-2.5 rounded-sm" style={{ background: palette.warn }} />Drop up to {BIG_DROP_PCT}%</div>
            <div className="flex items-center gap-2"><span className="h-2.5 w-2.5 rounded-sm" style={{ background: palette.down }} />Drop over {BIG_DROP_PCT}%</div>
          </div>
        </dl>
      </div>
    </section>
  );
}
