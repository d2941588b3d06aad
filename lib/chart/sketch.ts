/** A drawn stroke in canvas units (x to the right, y downwards). */
export type StrokePoint = { x: number; y: number };

/** Moving average over a small window of neighbouring points: removes hand jitter, keeps the shape. */
export function smoothStroke(points: readonly StrokePoint[], radius = 2): StrokePoint[] {
  if (radius < 1 || points.length < 3) return points.map((p) => ({ ...p }));
  return points.map((_, i) => {
    const lo = Math.max(0, i - radius);
    const hi = Math.min(points.length - 1, i + radius);
    let sx = 0;
    let sy = 0;
    for (let j = lo; j <= hi; j++) {
      sx += points[j].x;
      sy += points[j].y;
    }
    const n = hi - lo + 1;
    return { x: sx / n, y: sy / n };
  });
}

/**
 * Turns strokes into `n` values equally spaced in time, as the search expects. Time runs left to right, so each
 * stroke is read as a function of x; where strokes overlap in x the later one wins (redrawing a part replaces it).
 * Values are heights (up = larger), scaled to 0..1 over the drawing. Returns null when the strokes cover too
 * little width to be a shape.
 */
export function strokesToSeries(strokes: readonly (readonly StrokePoint[])[], n = 64, minSpanFraction = 0.2, width?: number): number[] | null {
  const all = strokes.flat();
  if (all.length < 2 || n < 2) return null;
  const minX = Math.min(...all.map((p) => p.x));
  const maxX = Math.max(...all.map((p) => p.x));
  const span = maxX - minX;
  if (span <= 0 || (width !== undefined && span < width * minSpanFraction)) return null;

  const out: (number | null)[] = new Array(n).fill(null);
  for (const stroke of strokes) {
    if (stroke.length < 2) continue;
    // Sort by x so a stroke drawn right to left still reads as a function of time.
    const pts = [...stroke].sort((a, b) => a.x - b.x);
    for (let i = 0; i < n; i++) {
      const x = minX + (span * i) / (n - 1);
      if (x < pts[0].x || x > pts[pts.length - 1].x) continue;
      let k = 1;
      while (k < pts.length - 1 && pts[k].x < x) k++;
      const a = pts[k - 1];
      const b = pts[k];
      const y = b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
      out[i] = -y;
    }
  }
  // Fill holes between strokes by linear interpolation (and the ends by the nearest value).
  const known = out.map((v, i) => (v == null ? -1 : i)).filter((i) => i >= 0);
  if (known.length < 2) return null;
  for (let i = 0; i < n; i++) {
    if (out[i] != null) continue;
    const left = [...known].reverse().find((k) => k < i);
    const right = known.find((k) => k > i);
    if (left === undefined) out[i] = out[right as number];
    else if (right === undefined) out[i] = out[left];
    else out[i] = (out[left] as number) + (((out[right] as number) - (out[left] as number)) * (i - left)) / (right - left);
  }
  const values = out as number[];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (hi === lo ? 0.5 : Number(((v - lo) / (hi - lo)).toFixed(4))));
}

/** Linear resampling of a series to `n` points (for thumbnails and compact URLs). */
export function resample(values: readonly number[], n: number): number[] {
  if (values.length === 0) return [];
  if (values.length === 1) return new Array(n).fill(values[0]);
  return Array.from({ length: n }, (_, i) => {
    const x = (i * (values.length - 1)) / (n - 1);
    const k = Math.min(Math.floor(x), values.length - 2);
    return values[k] + (values[k + 1] - values[k]) * (x - k);
  });
}

/** SVG path of a 0..1 series inside a w x h box (y up), for thumbnails. */
export function seriesPath(values: readonly number[], w: number, h: number, pad = 2): string {
  if (values.length < 2) return "";
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  return values
    .map((v, i) => {
      const x = pad + ((w - pad * 2) * i) / (values.length - 1);
      const y = pad + (h - pad * 2) * (1 - (v - lo) / span);
      return `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join("");
}
