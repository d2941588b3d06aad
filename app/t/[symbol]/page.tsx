import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { BackToResults } from "@/components/chart/back-to-results";
import { ChartSkeleton } from "@/components/chart/chart-skeleton";
import { CandleChartView } from "@/components/chart/candle-chart-view";
import { SeriesPanel } from "@/components/chart/series-panel";
import { Badge } from "@/components/ui/badge";
import { ChangeText } from "@/components/ui/change-text";
import { EmptyState } from "@/components/ui/empty-state";
import { AppError } from "@/lib/errors/app-error";
import { getCandles } from "@/lib/candles/get-candles";
import { detectCadence } from "@/lib/chart/cadence";
import { parseChartUrl } from "@/lib/chart/chart-url";
import { formatDate, formatInteger, formatPrice } from "@/lib/chart/format";
import { db } from "@/lib/db";
import { getSeries } from "@/lib/series/get-series";
import { listSeries } from "@/lib/series/list-series";
import { findTicker, type TickerRow } from "@/lib/tickers/find-ticker";
import type { ChartUrlState } from "@/lib/chart/chart-url";
import type { SeriesResult } from "@/lib/tickers/types";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ symbol: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Series shown under the chart: at most this many, so one odd document cannot make the page heavy. */
const MAX_SERIES = 8;

// The ticker is looked up before anything streams, so an unknown symbol gets a real 404 status.
async function loadTicker(symbol: string): Promise<TickerRow> {
  try {
    return await findTicker(db, { symbol });
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { symbol } = await params;
  return { title: decodeURIComponent(symbol).toUpperCase() };
}

export default async function TickerPage({ params, searchParams }: Props) {
  const symbol = decodeURIComponent((await params).symbol);
  const query = await searchParams;
  const ticker = await loadTicker(symbol);

  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex items-center text-xs text-muted">
        <Link href="/" className="rounded hover:text-fg">Markets</Link>
        <span aria-hidden className="mx-1.5">/</span>
        <span className="text-fg">{ticker.symbol}</span>
        <BackToResults />
      </nav>
      <Suspense fallback={<ChartSkeleton />}>
        <TickerBody ticker={ticker} query={query} />
      </Suspense>
    </div>
  );
}

async function TickerBody({ ticker, query }: { ticker: TickerRow; query: Record<string, string | string[] | undefined> }) {
  const [data, infos] = await Promise.all([getCandles(db, { symbol: ticker.symbol }), listSeries(db, { symbol: ticker.symbol })]);
  const scalarInfos = infos.filter((s) => s.kind === "scalar" && s.count > 0).slice(0, MAX_SERIES);
  const scalars: SeriesResult[] = await Promise.all(scalarInfos.map((s) => getSeries(db, { symbol: data.symbol, name: s.name })));

  const { candles } = data;
  // The moving averages a URL leaves out are the cadence's own (20/50/200 days, 6/12 months...).
  const cadence = detectCadence(candles.map((c) => c.t));
  const initial: ChartUrlState = parseChartUrl(query, cadence.maPeriods);
  const closes = candles.filter((c) => c.c != null);
  const last = closes[closes.length - 1];
  const prev = closes[closes.length - 2];
  const dayChange = last?.c != null && prev?.c ? ((last.c - prev.c) / prev.c) * 100 : null;

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{data.symbol}</h1>
            {data.isSample ? <Badge tone="accent" title="Bundled sample data from the vega-datasets package">Sample data</Badge> : null}
          </div>
          {data.name ? <p className="mt-0.5 text-sm text-muted">{data.name}</p> : null}
        </div>
        {last ? (
          <div className="flex items-baseline gap-3 sm:text-right">
            <span className="tabular text-2xl font-semibold tracking-tight">{formatPrice(last.c)}</span>
            <ChangeText value={dayChange} className="text-sm" />
            <span className="text-xs text-muted">close {formatDate(last.t)}</span>
          </div>
        ) : null}
      </div>

      {data.isSample ? (
        <p className="text-xs text-muted">This is bundled sample data (vega-datasets) for trying Patternscope out; import real files to analyse your own tickers.</p>
      ) : null}

      {candles.length === 0 ? (
        <EmptyState title="No daily prices stored">This ticker has no daily candles yet. Import a price file for {data.symbol} to chart it.</EmptyState>
      ) : (
        <CandleChartView symbol={data.symbol} candles={candles} initial={initial} />
      )}

      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        {[
          [cadence.id === "daily" ? "First day" : "First", formatDate(candles[0]?.t)],
          [cadence.id === "daily" ? "Last day" : "Last", formatDate(candles[candles.length - 1]?.t)],
          [cadence.rowsLabel, formatInteger(candles.length)],
          ["Other series", scalars.length ? String(scalars.length) : "None"],
        ].map(([k, v]) => (
          <div key={k} className="rounded-lg border border-border bg-surface px-4 py-3">
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="tabular mt-0.5 font-medium">{v}</dd>
          </div>
        ))}
      </dl>

      {scalars.length > 0 ? <SeriesPanel series={scalars} /> : null}
    </div>
  );
}
