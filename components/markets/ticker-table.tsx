import Link from "next/link";
import { Sparkline } from "@/components/markets/sparkline";
import { Badge } from "@/components/ui/badge";
import { ChangeText } from "@/components/ui/change-text";
import { cadenceOfSpan } from "@/lib/chart/cadence";
import { formatDate, formatInteger, formatPrice } from "@/lib/chart/format";
import type { TickerOrder, TickerSort } from "@/lib/chart/sort-tickers";
import type { TickerSummary } from "@/lib/tickers/types";

type Column = { sort: TickerSort; label: string; className: string; title?: string };

/** A column header that sorts the list through the URL; aria-sort says the current order. */
function SortHeader({ column, order, href }: { column: Column; order: TickerOrder; href: string }) {
  const active = order.sort === column.sort;
  const arrow = active ? (order.dir === "asc" ? "↑" : "↓") : "";
  const right = column.className.includes("text-right");
  return (
    <th scope="col" className={`px-2.5 py-3 align-middle font-medium sm:px-4 ${column.className}`} aria-sort={active ? (order.dir === "asc" ? "ascending" : "descending") : "none"} title={column.title}>
      <Link href={href} scroll={false} className={`inline-flex items-center gap-1 uppercase hover:text-fg ${right ? "flex-row-reverse" : ""} ${active ? "text-fg" : ""}`} data-testid={`sort-${column.sort}`}>
        {column.label}
        <span aria-hidden className="w-2 text-[10px]">{arrow}</span>
        <span className="sr-only">{active ? `, sorted ${order.dir === "asc" ? "ascending" : "descending"}; sort the other way` : ", sort by this column"}</span>
      </Link>
    </th>
  );
}

export function TickerTable({ tickers, order, sortHref }: { tickers: TickerSummary[]; order: TickerOrder; sortHref: (column: TickerSort) => string }) {
  const header = (c: Column) => <SortHeader column={c} order={order} href={sortHref(c.sort)} />;
  return (
    <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
      <table className="w-full border-collapse text-sm" data-testid="ticker-table">
        <thead>
          <tr className="border-b border-border text-left text-xs font-medium uppercase tracking-wide text-muted">
            {header({ sort: "symbol", label: "Symbol", className: "" })}
            {header({ sort: "name", label: "Name", className: "hidden md:table-cell" })}
            {header({ sort: "last", label: "Last close", className: "whitespace-nowrap text-right" })}
            {header({ sort: "change", label: "Change", className: "text-right" })}
            <th scope="col" className="hidden px-2.5 py-3 sm:px-4 font-medium sm:table-cell" title="The last 90 rows, in each ticker’s own periods">Recent</th>
            {header({ sort: "first", label: "History", className: "hidden lg:table-cell", title: "Sorts by the first date" })}
            {header({ sort: "count", label: "Rows", className: "hidden text-right lg:table-cell" })}
          </tr>
        </thead>
        <tbody>
          {tickers.map((t) => (
            <tr key={t.symbol} data-symbol={t.symbol} className="group relative border-b border-border last:border-0 transition-colors hover:bg-surface-2 focus-within:bg-surface-2">
              <td className="px-2.5 py-3 sm:px-4">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  {/* The link stretches over the whole row, so the row is one click target and one tab stop. */}
                  <Link href={`/t/${encodeURIComponent(t.symbol)}`} className="font-semibold tracking-tight after:absolute after:inset-0 after:content-['']" aria-label={`${t.symbol}${t.name ? `, ${t.name}` : ""}: open chart`}>
                    {t.symbol}
                  </Link>
                  {t.isSample ? (
                    <Badge tone="accent" title="Bundled sample data (vega-datasets)">
                      Sample<span className="hidden sm:inline">&nbsp;data</span>
                    </Badge>
                  ) : null}
                </div>
                <div className="mt-0.5 max-w-[8rem] truncate text-xs text-muted sm:max-w-[12rem] md:hidden">{t.name}</div>
              </td>
              <td className="hidden max-w-[18rem] truncate px-2.5 py-3 sm:px-4 text-muted md:table-cell">{t.name ?? "–"}</td>
              <td className="tabular px-2.5 py-3 sm:px-4 text-right font-medium">{formatPrice(t.lastClose)}</td>
              <td className="px-2.5 py-3 sm:px-4 text-right"><ChangeText value={t.changePct} /></td>
              <td className="hidden px-2.5 py-2 sm:px-4 sm:table-cell">
                <SparkCell ticker={t} />
              </td>
              <td className="hidden whitespace-nowrap px-2.5 py-3 sm:px-4 text-xs text-muted lg:table-cell">{formatDate(t.first)} – {formatDate(t.last)}</td>
              <td className="tabular hidden px-2.5 py-3 sm:px-4 text-right text-muted lg:table-cell">{formatInteger(t.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The sparkline named in the ticker's own periods: a monthly series' 90 points are 90 months, not 90 days. */
function SparkCell({ ticker }: { ticker: TickerSummary }) {
  const cadence = cadenceOfSpan(ticker.first, ticker.last, ticker.count);
  const daily = cadence.id === "daily";
  return (
    <div className="flex items-center gap-2">
      <Sparkline values={ticker.spark} period={daily ? "trading day" : cadence.unit} />
      {daily ? null : <span className="text-[11px] text-muted" data-testid="spark-cadence">{cadence.id}</span>}
    </div>
  );
}
