"use client";

import Link from "next/link";
import { rememberResults } from "@/components/chart/back-to-results";
import { useEffect, useState } from "react";
import { MiniCandles } from "@/components/search/mini-candles";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatPercent } from "@/lib/chart/format";
import { shiftDate } from "@/lib/chart/shift-date";
import type { MatchAlignment } from "@/lib/search/alignment";
import type { Match } from "@/lib/search/types";
import type { Candle } from "@/lib/tickers/types";

type Loaded = { candles: Candle[]; start: number; end: number; horizonEnd: number };

/** One ranked result: a mini chart of the match with context before it and the horizon after it. */
const chartHref = (m: Match, horizon: number) => `/t/${encodeURIComponent(m.symbol)}?hl=${m.start}..${m.end}&h=${horizon}&via=search`;

/** The windows of the same ticker that "one match per ticker" set aside, best first, each opening its chart. */
function SameTicker({ symbol, others, horizon }: { symbol: string; others: Match[]; horizon: number }) {
  return (
    <details className="relative z-10 mt-2 text-xs" data-testid="same-ticker">
      <summary className="cursor-pointer text-accent hover:underline">{others.length} more from {symbol}</summary>
      <ul className="mt-1 space-y-0.5">
        {others.map((m) => (
          <li key={`${m.start}-${m.end}`} className="tabular flex justify-between gap-2">
            <Link href={chartHref(m, horizon)} onClick={rememberResults} className="text-fg hover:underline">{formatDate(m.start)} – {formatDate(m.end)}</Link>
            <span className="text-muted">{(m.score * 100).toFixed(0)}%</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function MatchCard({ match, rank, horizon, isNew }: { match: Match & { alignment?: MatchAlignment | null; sameTicker?: Match[] }; rank: number; horizon: number; isNew?: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const before = Math.max(5, Math.round(match.length * 0.4));
    // Calendar days are about 1.45 trading days; a little extra so weekends and holidays never cut it short.
    const from = shiftDate(match.start, -Math.ceil(before * 1.5 + 4));
    const to = shiftDate(match.end, Math.ceil(horizon * 1.5 + 6));
    fetch(`/api/tickers/${encodeURIComponent(match.symbol)}/candles?from=${from}&to=${to}`, { signal: controller.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body: { candles: Candle[] }) => {
        const all = body.candles;
        const s = all.findIndex((c) => c.t >= match.start);
        const e = all.findIndex((c) => c.t > match.end) - 1;
        const end = e < 0 ? all.length - 1 : e;
        const lo = Math.max(0, s - before);
        const hi = Math.min(all.length - 1, end + horizon);
        setLoaded({ candles: all.slice(lo, hi + 1), start: s - lo, end: end - lo, horizonEnd: end - lo + horizon });
      })
      .catch((err: unknown) => {
        if (!(err instanceof DOMException && err.name === "AbortError")) setFailed(true);
      });
    return () => controller.abort();
  }, [match.symbol, match.start, match.end, match.length, horizon]);

  const ret = match.forward.return;
  const href = chartHref(match, horizon);

  return (
    <li className="group relative flex flex-col rounded-xl border border-border bg-surface p-3 shadow-sm transition hover:border-accent/50 hover:shadow-md focus-within:border-accent" data-testid="match-card" data-symbol={match.symbol} data-start={match.start} data-end={match.end}>
      <div className="flex items-baseline gap-2">
        <span className="tabular text-xs text-muted">#{rank}</span>
        <Link href={href} onClick={rememberResults} className="font-semibold tracking-tight after:absolute after:inset-0 after:rounded-xl after:content-['']" aria-label={`Match ${rank}: ${match.symbol} from ${formatDate(match.start)} to ${formatDate(match.end)}; open chart`}>
          {match.symbol}
        </Link>
        {isNew ? <Badge tone="warn">New</Badge> : null}
        <span className="tabular ml-auto text-xs text-muted" title="Similarity (higher is closer)">{(match.score * 100).toFixed(0)}%</span>
      </div>
      <div className="mt-2 rounded-md bg-bg">
        {loaded ? (
          <MiniCandles candles={loaded.candles} matchStart={loaded.start} matchEnd={loaded.end} horizonEnd={loaded.horizonEnd} overlay={match.alignment?.overlay} />
        ) : failed ? (
          <div className="flex h-24 items-center justify-center text-xs text-muted">Chart unavailable</div>
        ) : (
          <div className="h-24 animate-pulse rounded-md bg-surface-2" />
        )}
      </div>
      <p className="tabular mt-2 flex items-center gap-2 text-xs text-muted">
        <span>{formatDate(match.start)} – {formatDate(match.end)}</span>
        {match.alignment ? (
          <span className="ml-auto flex items-center gap-1" title="The query, stretched to how it lines up with this match">
            <span className="h-0 w-3 border-t-2 border-dashed border-accent" aria-hidden />
            query
          </span>
        ) : null}
      </p>
      <div className="mt-0.5 flex items-center justify-between gap-2 text-xs">
        <span className="tabular text-muted">{match.length} candles</span>
        <span className={`tabular font-medium ${ret == null ? "text-muted" : ret >= 0 ? "text-up" : "text-down"}`} title={`Return over the next ${match.forward.days} trading days`}>
          {ret == null ? "no data after" : `${formatPercent(ret * 100)} next ${match.forward.days}d`}
        </span>
      </div>
      {match.sameTicker?.length ? <SameTicker symbol={match.symbol} others={match.sameTicker} horizon={horizon} /> : null}
    </li>
  );
}
