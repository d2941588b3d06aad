import Link from "next/link";
import { rememberResults } from "@/components/chart/back-to-results";
import { Sparkline } from "@/components/markets/sparkline";
import { formatDate, formatPercent, formatPrice, formatProbability } from "@/lib/chart/format";
import type { ScanItem } from "@/lib/search-server/scan-patterns";

/** One scan hit: the ticker's latest window as a mini line, the class probability, linking to its chart. */
export function ScanCard({ item, rank }: { item: ScanItem; rank: number }) {
  const first = item.window[0];
  const change = first && first.c > 0 ? item.last.c / first.c - 1 : null;
  const href = `/t/${encodeURIComponent(item.symbol)}?hl=${first?.t}..${item.last.t}&via=scan`;
  return (
    <li className="group relative flex min-w-0 flex-col rounded-xl border border-border bg-surface p-3 shadow-sm transition hover:border-accent/50 hover:shadow-md focus-within:border-accent" data-testid="scan-card" data-symbol={item.symbol}>
      <div className="flex items-baseline gap-2">
        <span className="tabular text-xs text-muted">#{rank}</span>
        <Link href={href} onClick={rememberResults} className="shrink-0 whitespace-nowrap font-semibold tracking-tight after:absolute after:inset-0 after:rounded-xl after:content-['']" aria-label={`${item.symbol}: ${formatProbability(item.probability)} ${item.class.replace(/-/g, " ")}; open chart`}>
          {item.symbol}
        </Link>
        <span className="min-w-0 truncate text-xs text-muted">{item.name ?? ""}</span>
        <span className="tabular ml-auto shrink-0 rounded-md bg-accent-soft px-1.5 py-0.5 text-xs font-semibold text-fg" title="Probability of the pattern">
          {formatProbability(item.probability)}
        </span>
      </div>
      <div className="mt-2 rounded-md bg-bg p-1">
        <Sparkline values={item.window.map((p) => p.c)} width={280} height={72} className="h-[72px] w-full" />
      </div>
      <div className="mt-2 flex items-baseline justify-between text-xs text-muted">
        <span>
          {formatDate(first?.t)} – {formatDate(item.last.t)}
        </span>
        <span className="tabular">
          <span className="text-fg">{formatPrice(item.last.c)}</span>
          {change === null ? null : <span className={change >= 0 ? "text-up" : "text-down"}> {formatPercent(change * 100, 1)}</span>}
        </span>
      </div>
    </li>
  );
}
