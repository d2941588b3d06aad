import Link from "next/link";
import { Suspense } from "react";
import { TickerTableSkeleton } from "@/components/markets/ticker-table-skeleton";
import { TickerSearch } from "@/components/markets/ticker-search";
import { TickerTable } from "@/components/markets/ticker-table";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonSecondary } from "@/components/ui/button-styles";
import { nextTickerOrder, parseTickerOrder, sortTickers, type TickerOrder, type TickerSort } from "@/lib/chart/sort-tickers";
import { readParam } from "@/lib/chart/url-params";
import { db } from "@/lib/db";
import { listTickers } from "@/lib/tickers/list-tickers";
import { paginate } from "@/lib/tickers/paginate";

/** Rows per page: a few hundred rows of sparklines made a page of several megabytes. */
const PAGE_SIZE = 50;

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MarketsPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = (readParam(params, "q") ?? "").slice(0, 100);
  const page = Number(readParam(params, "page") || "1");
  const order = parseTickerOrder(readParam(params, "sort") || undefined, readParam(params, "dir") || undefined);
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Markets</h1>
          <p className="mt-1 text-sm text-muted">Price histories you have imported (daily, weekly or monthly). Open one to chart it.</p>
        </div>
        <TickerSearch initial={q} />
      </div>
      {/* The list streams in after the header; while a new filter loads, the old list stays (a transition). */}
      <Suspense fallback={<TickerTableSkeleton />}>
        <TickerList q={q} page={page} order={order} />
      </Suspense>
    </div>
  );
}

async function TickerList({ q, page, order }: { q: string; page: number; order: TickerOrder }) {
  const tickers = sortTickers(await listTickers(db, { q }), { q, order });
  const samples = tickers.filter((t) => t.isSample);
  const shown = paginate({ total: tickers.length, page, pageSize: PAGE_SIZE });
  const href = (n: number, o: TickerOrder) => `/?${new URLSearchParams({ ...(q ? { q } : {}), ...(o.sort ? { sort: o.sort, dir: o.dir } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
  const pageHref = (n: number) => href(n, order);
  // A header click sorts by its column (again: the other way), from the first page.
  const sortHref = (column: TickerSort) => href(1, nextTickerOrder(order, column));
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted" data-testid="ticker-count">
        {q ? `${tickers.length} ${tickers.length === 1 ? "ticker matches" : "tickers match"} “${q}”` : `${tickers.length} ${tickers.length === 1 ? "ticker" : "tickers"} with price data`}
        {shown.pages > 1 ? <span className="tabular">{` · showing ${shown.from + 1}–${shown.to}`}</span> : null}
      </p>

      {samples.length > 0 ? (
        <p className="flex items-start gap-2 rounded-lg border border-border bg-accent-soft/50 px-4 py-3 text-sm text-muted">
          <svg aria-hidden viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 shrink-0 text-accent" fill="currentColor"><path d="M10 2a8 8 0 100 16 8 8 0 000-16zm1 12H9V9h2v5zm0-7H9V5h2v2z" /></svg>
          <span>
            Tickers marked <strong className="font-semibold text-fg">Sample data</strong> are bundled with Patternscope (vega-datasets) so you can explore right away. An admin adds your own tickers from the Data page.
          </span>
        </p>
      ) : null}

      {tickers.length > 0 ? (
        <>
          <TickerTable tickers={tickers.slice(shown.from, shown.to)} order={order} sortHref={sortHref} />
          {shown.pages > 1 ? (
            <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm" data-testid="ticker-pages">
              {shown.page > 1 ? <Link href={pageHref(shown.page - 1)} className={buttonSecondary} rel="prev">← Previous</Link> : <span />}
              <span className="tabular text-muted">Page {shown.page} of {shown.pages}</span>
              {shown.page < shown.pages ? <Link href={pageHref(shown.page + 1)} className={buttonSecondary} rel="next">Next →</Link> : <span />}
            </nav>
          ) : null}
        </>
      ) : q ? (
        <EmptyState title={`No tickers match “${q}”`} action={<Link href="/" className={buttonSecondary}>Clear search</Link>}>
          Try a symbol such as SPX or part of a company name.
        </EmptyState>
      ) : (
        <EmptyState title="No data yet">
          An admin adds daily prices from the Data page (or with <code className="rounded bg-surface-2 px-1 py-0.5 text-xs">npm run import -- path/to/file.csv</code> on the server), then this list fills in.
        </EmptyState>
      )}
    </div>
  );
}
