/**
 * Monotone time warps for the recall suite. A warp maps the plant's own time u in [0, 1] to the shape's time
 * w(u), w(0) = 0, w(1) = 1; its local speed w'(u) says how fast the shape runs there. The specification asks for
 * robustness to any warp whose speed stays within about 0.65x-1.5x, smooth or piecewise, anywhere in the pattern, so
 * each family draws a speed profile on a fine grid, forces it into those bounds at mean 1, and integrates it.
 */
export const MIN_SPEED = 0.65;
export const MAX_SPEED = 1.5;

export const WARP_FAMILIES = ["quarter-knots", "smooth", "piecewise", "bursts"] as const;
export type WarpFamily = (typeof WARP_FAMILIES)[number];

/** A warp as the cumulative shape time at G + 1 grid points (w[0] = 0, w[G] = 1), linear in between. */
export type Warp = { w: Float64Array; minSpeed: number; maxSpeed: number };

const GRID = 400;

/** The warp whose speed on cell j is proportional to speed[j], after clipping into the bounds at mean 1. */
export function warpFromSpeeds(speed: Float64Array): Warp {
  const v = Float64Array.from(speed);
  // clip and rescale to mean 1 until both hold; the margin makes the loop converge inside the bounds
  for (let iter = 0; iter < 100; iter++) {
    let sum = 0;
    for (let j = 0; j < v.length; j++) sum += v[j];
    const mean = sum / v.length;
    let inside = true;
    for (let j = 0; j < v.length; j++) {
      v[j] = Math.min(MAX_SPEED - 0.01, Math.max(MIN_SPEED + 0.01, v[j] / mean));
      if (v[j] !== v[j]) v[j] = 1;
    }
    for (let j = 0; j < v.length; j++) if (v[j] < MIN_SPEED || v[j] > MAX_SPEED) inside = false;
    if (inside && Math.abs(mean - 1) < 1e-9) break;
  }
  const w = new Float64Array(v.length + 1);
  for (let j = 0; j < v.length; j++) w[j + 1] = w[j] + v[j];
  const total = w[v.length];
  let minSpeed = Infinity, maxSpeed = -Infinity;
  for (let j = 0; j <= v.length; j++) w[j] /= total;
  for (let j = 0; j < v.length; j++) {
    const s = (w[j + 1] - w[j]) * v.length;
    minSpeed = Math.min(minSpeed, s);
    maxSpeed = Math.max(maxSpeed, s);
  }
  return { w, minSpeed, maxSpeed };
}

/** w(u) by linear interpolation on the grid. */
export function applyWarp(warp: Warp, u: number): number {
  const G = warp.w.length - 1;
  const x = Math.min(G, Math.max(0, u * G));
  const j = Math.min(G - 1, Math.floor(x));
  return warp.w[j] + (warp.w[j + 1] - warp.w[j]) * (x - j);
}

export const IDENTITY_WARP: Warp = warpFromSpeeds(new Float64Array(GRID).fill(1));

/** A random warp of one family. */
export function randomWarp(family: WarpFamily, r: () => number): Warp {
  const v = new Float64Array(GRID);
  const cellU = (j: number) => (j + 0.5) / GRID;
  if (family === "quarter-knots") {
    // the planted.mjs layout: the inner knots at 1/4, 1/2, 3/4 moved, each quarter run at its own speed
    for (;;) {
      const knots = [0, 0.25 + (r() - 0.5) * 0.22, 0.5 + (r() - 0.5) * 0.22, 0.75 + (r() - 0.5) * 0.22, 1];
      const speeds = [0, 1, 2, 3].map((q) => (knots[q + 1] - knots[q]) / 0.25);
      if (speeds.some((s) => s < MIN_SPEED + 0.01 || s > MAX_SPEED - 0.01)) continue;
      for (let j = 0; j < GRID; j++) v[j] = speeds[Math.min(3, Math.floor(cellU(j) * 4))];
      break;
    }
  } else if (family === "smooth") {
    // log-speed as a sum of three sines of random frequency (0.3 to 2.5 cycles per pattern) and phase
    const waves = [0, 1, 2].map(() => ({ a: 0.1 + 0.25 * r(), f: 0.3 + 2.2 * r(), p: 2 * Math.PI * r() }));
    for (let j = 0; j < GRID; j++) v[j] = Math.exp(waves.reduce((s, { a, f, p }) => s + a * Math.sin(2 * Math.PI * f * cellU(j) + p), 0));
  } else if (family === "piecewise") {
    // 5 to 12 segments at random boundaries, each at a speed drawn from the whole allowed range
    const n = 5 + Math.floor(r() * 8);
    const cuts = [0, ...Array.from({ length: n - 1 }, () => r()).sort((a, b) => a - b), 1];
    const speeds = Array.from({ length: n }, () => MIN_SPEED + (MAX_SPEED - MIN_SPEED) * r());
    for (let j = 0; j < GRID; j++) {
      let s = 0;
      while (s < n - 1 && cellU(j) > cuts[s + 1]) s++;
      v[j] = speeds[s];
    }
  } else {
    // one to three local bursts anywhere: a short stretch of the pattern run near the fastest or slowest speed
    const bursts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({ c: r(), width: 0.03 + 0.1 * r(), peak: Math.log(r() < 0.5 ? MAX_SPEED - 0.05 : MIN_SPEED + 0.03) }));
    for (let j = 0; j < GRID; j++) v[j] = Math.exp(bursts.reduce((s, b) => s + b.peak * Math.exp(-0.5 * ((cellU(j) - b.c) / b.width) ** 2), 0));
  }
  return warpFromSpeeds(v);
}
