/**
 * Straightforward reference implementations (no pruning, full matrices) that the fast kernels are tested
 * against. Inputs are already z-normalised unless said otherwise.
 */
export function squaredEuclid(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  return d;
}

/** Banded DTW (Sakoe-Chiba, |i - j| <= r) over squared differences, full matrix. */
export function dtwReference(a: ArrayLike<number>, b: ArrayLike<number>, r: number): number {
  const m = a.length;
  const D = Array.from({ length: m + 1 }, () => new Float64Array(m + 1).fill(Infinity));
  D[0][0] = 0;
  for (let i = 1; i <= m; i++) {
    for (let j = Math.max(1, i - r); j <= Math.min(m, i + r); j++) {
      D[i][j] = (a[i - 1] - b[j - 1]) ** 2 + Math.min(D[i - 1][j], D[i][j - 1], D[i - 1][j - 1]);
    }
  }
  return D[m][m];
}

/** LB_Kim as the kernel uses it: first and last points plus the cheapest alignment of the second ones. */
export function lbKimReference(q: ArrayLike<number>, c: ArrayLike<number>): number {
  const m = q.length;
  let lb = (c[0] - q[0]) ** 2 + (c[m - 1] - q[m - 1]) ** 2;
  if (m >= 4) {
    lb += Math.min((c[1] - q[0]) ** 2, (c[0] - q[1]) ** 2, (c[1] - q[1]) ** 2);
    lb += Math.min((c[m - 2] - q[m - 1]) ** 2, (c[m - 1] - q[m - 2]) ** 2, (c[m - 2] - q[m - 2]) ** 2);
  }
  return lb;
}

/** LB_Keogh of c against the envelope of q (swap the arguments for the other direction). */
export function lbKeoghReference(q: ArrayLike<number>, c: ArrayLike<number>, r: number): number {
  const m = q.length;
  let lb = 0;
  for (let i = 0; i < m; i++) {
    let u = -Infinity, l = Infinity;
    for (let j = Math.max(0, i - r); j <= Math.min(m - 1, i + r); j++) {
      u = Math.max(u, q[j]);
      l = Math.min(l, q[j]);
    }
    if (c[i] > u) lb += (c[i] - u) ** 2;
    else if (c[i] < l) lb += (c[i] - l) ** 2;
  }
  return lb;
}

export function zNormaliseReference(x: ArrayLike<number>): number[] {
  const a = Array.from(x);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  return a.map((v) => (v - mean) / sd);
}

/** Linear interpolation of equally spaced points at u in [0, 1]. */
function interpolate(points: ArrayLike<number>, u: number): number {
  const x = u * (points.length - 1);
  const j = Math.min(points.length - 2, Math.max(0, Math.floor(x)));
  return points[j] + (points[j + 1] - points[j]) * (x - j);
}

/** The query under one quarter-knot warp (inner knots at 1/4 + k1, 1/2 + k2, 3/4 + k3), smoothed, z-normalised. */
export function warpedQueryReference(points: ArrayLike<number>, m: number, shifts: readonly [number, number, number], smooth: (x: Float64Array) => void): number[] {
  const knots = [0, 0.25 + shifts[0], 0.5 + shifts[1], 0.75 + shifts[2], 1];
  const warp = (u: number) => {
    const s = Math.min(3, Math.floor(u * 4));
    return knots[s] + (knots[s + 1] - knots[s]) * (u * 4 - s);
  };
  const x = Float64Array.from({ length: m }, (_, i) => interpolate(points, Math.min(1, Math.max(0, warp(m === 1 ? 0 : i / (m - 1))))));
  smooth(x);
  return zNormaliseReference(x);
}

/** Every triple of knot shifts from a grid. */
export function knotShiftsReference(grid: readonly number[]): [number, number, number][] {
  return grid.flatMap((a) => grid.flatMap((b) => grid.map((c) => [a, b, c] as [number, number, number])));
}

/** The warp fit of one window by brute force: the smallest mean squared difference to any warped query, square-rooted. */
export function warpFitReference(window: ArrayLike<number>, points: ArrayLike<number>, grid: readonly number[], smooth: (x: Float64Array) => void): number {
  const z = zNormaliseReference(window);
  let best = Infinity;
  for (const shifts of knotShiftsReference(grid)) best = Math.min(best, squaredEuclid(z, warpedQueryReference(points, z.length, shifts, smooth)) / z.length);
  return Math.sqrt(best);
}
