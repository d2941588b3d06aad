import type { Candle } from "@/lib/tickers/types";

/**
 * A small candlestick chart in SVG: the match on a tinted band, the forward horizon shaded orange. Cheap enough
 * for dozens of result cards (no chart library per card).
 */
export function MiniCandles({ candles, matchStart, matchEnd, horizonEnd, overlay, width = 280, height = 96, className = "h-24 w-full" }: { candles: Candle[]; matchStart: number; matchEnd: number; horizonEnd: number; overlay?: { offset: number[]; value: number[] } | null; /** the drawing's own units: about the size it is shown at, so strokes are not stretched */ width?: number; height?: number; className?: string }) {
  const full = candles.filter((c) => c.o != null && c.h != null && c.l != null && c.c != null).length;
  // Close-only series (e.g. monthly closes) have no candles to draw: show their closes as a line instead.
  const closeOnly = full < 2;
  // The query drawn over the match (its alignment, in the window's prices) counts for the scale, so it stays in view.
  const drawn = overlay && overlay.offset.length === overlay.value.length ? overlay.offset.map((o, i) => ({ i: matchStart + o, v: overlay.value[i] })).filter((p) => Number.isFinite(p.v) && p.i >= 0 && p.i < candles.length) : [];
  const values = [...candles.flatMap((c) => (closeOnly ? [c.c] : [c.l, c.h])), ...drawn.map((p) => p.v)].filter((v): v is number => v != null);
  if (values.length < 2) return <div className="flex h-24 items-center justify-center text-xs text-muted">No prices</div>;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const pad = 4;
  const step = (width - pad * 2) / candles.length;
  const y = (v: number) => pad + (height - pad * 2) * (1 - (v - lo) / span);
  const x = (i: number) => pad + i * step;
  const bodyW = Math.max(1, step * 0.65);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className={className} preserveAspectRatio="none" aria-hidden>
      {matchEnd >= matchStart ? <rect x={x(matchStart)} y={0} width={(matchEnd - matchStart + 1) * step} height={height} fill="var(--accent)" opacity={0.1} /> : null}
      {horizonEnd > matchEnd ? <rect x={x(matchEnd + 1)} y={0} width={(Math.min(horizonEnd, candles.length - 1) - matchEnd) * step} height={height} fill="var(--warn)" opacity={0.1} /> : null}
      {closeOnly ? (
        <path
          d={candles.map((c, i) => (c.c == null ? "" : `${i ? "L" : "M"}${(x(i) + step / 2).toFixed(1)},${y(c.c).toFixed(1)}`)).join("")}
          fill="none"
          stroke="var(--accent)"
          strokeWidth={1.5}
        />
      ) : null}
      {closeOnly ? null : candles.map((c, i) => {
        if (c.o == null || c.h == null || c.l == null || c.c == null) return null;
        const up = c.c >= c.o;
        const color = up ? "var(--up)" : "var(--down)";
        const cx = x(i) + step / 2;
        const top = y(Math.max(c.o, c.c));
        const bottom = y(Math.min(c.o, c.c));
        const inMatch = i >= matchStart && i <= matchEnd;
        return (
          <g key={i} opacity={inMatch || i > matchEnd ? 1 : 0.45}>
            <line x1={cx} x2={cx} y1={y(c.h)} y2={y(c.l)} stroke={color} strokeWidth={Math.max(0.6, step * 0.12)} />
            <rect x={cx - bodyW / 2} y={top} width={bodyW} height={Math.max(0.8, bottom - top)} fill={color} />
          </g>
        );
      })}
      {drawn.length > 1 ? (
        <g data-testid="query-overlay" data-points={drawn.length}>
          <path d={drawn.map((p, k) => `${k ? "L" : "M"}${(x(p.i) + step / 2).toFixed(1)},${y(p.v).toFixed(1)}`).join("")} fill="none" stroke="var(--surface)" strokeWidth={4} strokeLinejoin="round" opacity={0.8} />
          <path d={drawn.map((p, k) => `${k ? "L" : "M"}${(x(p.i) + step / 2).toFixed(1)},${y(p.v).toFixed(1)}`).join("")} fill="none" stroke="var(--accent)" strokeWidth={2} strokeLinejoin="round" strokeDasharray="5 3" />
        </g>
      ) : null}
    </svg>
  );
}
