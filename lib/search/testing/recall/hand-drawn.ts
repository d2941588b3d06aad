/**
 * A simulated person sketching a pattern on the search page's sketch pad. The drawer remembers the shape only
 * roughly (heights off by up to 15% of the drawing's height, turning points up to 6% of its width early or late),
 * moves the pointer with uneven speed (each stroke between turning points a minimum-jerk movement of its own
 * duration, so points crowd at the turns and thin out on the runs), rounds the corners (the hand lags the
 * intended path), wobbles (a slow tremor of a few percent of the height, a little sideways too) and the browser
 * reports pointer events at irregular intervals with whole-pixel positions. The stroke then goes through the sketch
 * pad's own smoothing and resampling (lib/chart/sketch.ts), as a drawn query does in the product.
 */
import { smoothStroke, strokesToSeries, type StrokePoint } from "@/lib/chart/sketch";
import { gaussian } from "@/lib/search/testing/random";
import { jitterKeypoints, type Keypoints } from "@/lib/search/testing/recall/shapes";

/** The sketch pad's canvas size in CSS pixels and its stroke smoothing radius (components/search/sketch-pad.tsx). */
const WIDTH = 640, HEIGHT = 220, PAD_SMOOTHING = 3;

export type HandDrawing = { stroke: StrokePoint[]; points: number[] };

export function handDrawnQuery(keys: Keypoints, r: () => number, n = 64): HandDrawing {
  const intended = jitterKeypoints(keys, r, 0.15, 0.06);
  // the drawing occupies part of the pad, at the drawer's own scale
  const x0 = 20 + 60 * r(), x1 = WIDTH - 20 - 60 * r();
  const top = 15 + 40 * r(), bottom = HEIGHT - 15 - 40 * r();
  const target = intended.map(([u, y]) => ({ x: x0 + (x1 - x0) * u, y: bottom - (bottom - top) * y }));

  // pen path: one minimum-jerk movement per segment, durations ~ distance^0.6 and uneven
  const dt = 1 / 120;
  const path: StrokePoint[] = [];
  for (let s = 1; s < target.length; s++) {
    const a = target[s - 1], b = target[s];
    const dist = Math.hypot(b.x - a.x, b.y - a.y);
    const duration = 0.04 * dist ** 0.6 * (0.75 + 0.6 * r());
    const steps = Math.max(2, Math.round(duration / dt));
    for (let k = s === 1 ? 0 : 1; k <= steps; k++) {
      const t = k / steps, m = 10 * t ** 3 - 15 * t ** 4 + 6 * t ** 5;
      path.push({ x: a.x + (b.x - a.x) * m, y: a.y + (b.y - a.y) * m });
    }
  }
  // the hand lags the intended path: an exponential follower rounds the corners
  const lag = 0.25 + 0.35 * r();
  const followed: StrokePoint[] = [];
  let px = path[0].x, py = path[0].y;
  for (const p of path) {
    px += (p.x - px) * lag;
    py += (p.y - py) * lag;
    followed.push({ x: px, y: py });
  }
  followed.push(path[path.length - 1]);
  // tremor: slow sines in time, a few percent of the height (and a little sideways)
  const waves = [0, 1, 2].map(() => ({ amp: (0.005 + 0.02 * r()) * (bottom - top), hz: 1.5 + 5 * r(), phase: 2 * Math.PI * r() }));
  const sideways = (0.002 + 0.004 * r()) * (x1 - x0);
  const stroke: StrokePoint[] = [];
  for (let i = 0; i < followed.length; i++) {
    // pointer events arrive at irregular intervals: some frames report nothing
    if (i > 0 && i < followed.length - 1 && r() < 0.3) continue;
    const t = i * dt;
    const wobble = waves.reduce((s, w) => s + w.amp * Math.sin(2 * Math.PI * w.hz * t + w.phase), 0);
    stroke.push({ x: Math.round(followed[i].x + sideways * gaussian(r)), y: Math.round(followed[i].y + wobble) });
  }
  const points = strokesToSeries([smoothStroke(stroke, PAD_SMOOTHING)], n, 0.2, WIDTH);
  if (!points) throw new Error("the simulated stroke is too narrow to be a sketch");
  return { stroke, points };
}
