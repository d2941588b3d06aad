/** A tiny inline SVG line of recent closes: server-rendered, no chart library, cheap for hundreds of rows. */
/** `period` names one step of the values ("trading day", "month") for the label. */
export function Sparkline({ values, period = "close", width = 112, height = 32, className = "" }: { values: readonly number[]; period?: string; width?: number; height?: number; className?: string }) {
  const pts = values.filter((v) => Number.isFinite(v));
  if (pts.length < 2) return <span className="text-xs text-muted">–</span>;
  const min = Math.min(...pts);
  const max = Math.max(...pts);
  const span = max - min || 1;
  const pad = 2;
  const step = (width - pad * 2) / (pts.length - 1);
  const coords = pts.map((v, i) => [pad + i * step, pad + (height - pad * 2) * (1 - (v - min) / span)] as const);
  const d = coords.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
  const up = pts[pts.length - 1] >= pts[0];
  const color = up ? "var(--up)" : "var(--down)";
  const area = `${d}L${coords[coords.length - 1][0].toFixed(1)},${height}L${coords[0][0].toFixed(1)},${height}Z`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} className={className} role="img" aria-label={`Last ${pts.length} ${period === "close" ? "closes" : `${period}s`}, ${up ? "up" : "down"} overall`}>
      <title>{`Last ${pts.length} ${period === "close" ? "closes" : `${period}s`}`}</title>
      <path d={area} fill={color} opacity={0.08} />
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
