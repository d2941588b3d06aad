"use client";

import { useState } from "react";
import { formatPercent } from "@/lib/chart/format";
import { histogram, type HistogramBin } from "@/lib/chart/outcome-stats";

const pct = (v: number | null | undefined) => (v == null ? "–" : formatPercent(v * 100));
const binText = (b: HistogramBin) => `${pct(b.lo)} to ${pct(b.hi)}: ${b.count} ${b.count === 1 ? "match" : "matches"}`;

/** The listed matches' forward returns as a histogram, with count axis, hover readout and the base rate marked. */
export function OutcomeHistogram({ returns, horizon, base, baseLabel }: { returns: (number | null)[]; horizon: number; base: number | null; baseLabel: string }) {
  const bins = histogram(returns, 14);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const lo = bins[0]?.lo ?? 0;
  const hi = bins[bins.length - 1]?.hi ?? 0;
  const [hover, setHover] = useState<number | null>(null);
  const counted = returns.filter((r) => r != null).length;
  const W = 300;
  const H = 120;
  // Room left of the bars for the count axis, and above them for the base-rate label, so neither sits on a bar.
  const LEFT = 20;
  const TOP = 16;
  const xOf = (v: number) => LEFT + (hi === lo ? W / 2 : ((v - lo) / (hi - lo)) * W);
  if (!bins.length) return null;
  return (
    <figure className="mt-4" data-testid="outcome-histogram">
      <svg viewBox={`0 0 ${W + LEFT} ${TOP + H + 30}`} className="w-full" role="img" aria-label={`Histogram of the forward returns of ${counted} matches`} onMouseLeave={() => setHover(null)}>
        {/* Count axis: zero and the tallest bar. */}
        <text x={LEFT - 4} y={TOP + H} fontSize={9} fill="var(--muted)" textAnchor="end" dominantBaseline="middle">0</text>
        <text x={LEFT - 4} y={TOP} fontSize={9} fill="var(--muted)" textAnchor="end" dominantBaseline="middle" data-testid="histogram-max-count">{maxCount}</text>
        <line x1={LEFT} x2={LEFT + W} y1={TOP} y2={TOP} stroke="var(--border)" strokeDasharray="2 3" />
        <line x1={LEFT} x2={LEFT + W} y1={TOP + H} y2={TOP + H} stroke="var(--border)" />
        {bins.map((b, i) => {
          const x = xOf(b.lo);
          const w = Math.max(1, xOf(b.hi) - x - 2);
          const h = (b.count / maxCount) * H;
          const mid = (b.lo + b.hi) / 2;
          return (
            <g key={i} onMouseEnter={() => setHover(i)} data-testid="histogram-bin" data-count={b.count}>
              {/* A full-height hit area, so thin bars are easy to hover. */}
              <rect x={x} y={TOP} width={w + 2} height={H} fill="transparent" />
              <rect x={x + 1} y={TOP + H - h} width={w} height={h} rx={2} fill={mid >= 0 ? "var(--up)" : "var(--down)"} opacity={hover === i ? 1 : 0.75}>
                <title>{binText(b)}</title>
              </rect>
              {b.count > 0 && w >= 12 ? (
                <text x={x + 1 + w / 2} y={TOP + H - h - 3} fontSize={8} fill="var(--muted)" textAnchor="middle">{b.count}</text>
              ) : null}
            </g>
          );
        })}
        {lo <= 0 && hi >= 0 ? (
          <g>
            <line x1={xOf(0)} x2={xOf(0)} y1={TOP} y2={TOP + H} stroke="var(--muted)" strokeWidth={1} />
            <text x={xOf(0)} y={TOP + H + 11} fontSize={9} fill="var(--muted)" textAnchor="middle">0%</text>
          </g>
        ) : null}
        {base != null && base >= lo && base <= hi ? (
          <g data-testid="histogram-base-rate">
            <line x1={xOf(base)} x2={xOf(base)} y1={TOP - 4} y2={TOP + H} stroke="var(--accent)" strokeWidth={1.5} strokeDasharray="4 3" />
            <text x={Math.min(xOf(base) + 4, LEFT + W - 60)} y={8} fontSize={9} fill="var(--accent)">base rate {pct(base)}</text>
          </g>
        ) : null}
        <text x={LEFT} y={TOP + H + 11} fontSize={9} fill="var(--muted)">{pct(lo)}</text>
        <text x={LEFT + W} y={TOP + H + 11} fontSize={9} fill="var(--muted)" textAnchor="end">{pct(hi)}</text>
        <text x={LEFT + W / 2} y={TOP + H + 26} fontSize={9} fill="var(--muted)" textAnchor="middle">
          Return {horizon} trading days after the match · bar height: number of matches
        </text>
      </svg>
      <figcaption className="mt-1 min-h-[1.25rem] text-xs text-muted" aria-live="polite" data-testid="histogram-readout">
        {hover != null && bins[hover] ? binText(bins[hover]) : `Forward returns of ${counted} matches; dashed line: the base rate, ${baseLabel}.`}
      </figcaption>
    </figure>
  );
}
