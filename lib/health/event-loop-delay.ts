import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";

/** Sampling period of the histogram; it records each period's length, so the delay is the excess over it. */
const RESOLUTION_MS = 10;

/** Garbage-collection pauses of at least this long are counted apart: each holds the event loop as long. */
const LONG_GC_MS = 20;

type GcPauses = { count: number; totalMs: number; maxMs: number; long: number };
const noPauses = (): GcPauses => ({ count: 0, totalMs: 0, maxMs: 0, long: 0 });
const g = globalThis as unknown as { patternscopeLoopDelay?: { histogram: IntervalHistogram; since: number; gc: GcPauses } };

export type EventLoopStats = { p50Ms: number; p99Ms: number; maxMs: number; sinceMs: number; gc: { count: number; totalMs: number; maxMs: number; over20Ms: number } };

/**
 * How long the web thread's event loop was held (node:perf_hooks monitorEventLoopDelay, 10 ms resolution) since
 * the first call or the last reset: a blocked loop delays every chart read and page. Beside it the garbage
 * collector's pauses (node:perf_hooks "gc" entries), which hold the loop as long as they last. Started on first use.
 */
export function eventLoopStats({ reset = false }: { reset?: boolean } = {}): EventLoopStats {
  let m = g.patternscopeLoopDelay;
  if (!m) {
    const state = (m = g.patternscopeLoopDelay = { histogram: monitorEventLoopDelay({ resolution: RESOLUTION_MS }), since: Date.now(), gc: noPauses() });
    m.histogram.enable();
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const gc = state.gc;
        gc.count++;
        gc.totalMs += entry.duration;
        gc.maxMs = Math.max(gc.maxMs, entry.duration);
        if (entry.duration >= LONG_GC_MS) gc.long++;
      }
    }).observe({ entryTypes: ["gc"] });
  }
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
  const h = m.histogram;
  const round = (x: number) => Math.round(x * 10) / 10;
  const gc = { count: m.gc.count, totalMs: Math.round(m.gc.totalMs), maxMs: round(m.gc.maxMs), over20Ms: m.gc.long };
  const stats = h.count > 0 ? { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), sinceMs: Date.now() - m.since, gc } : { p50Ms: 0, p99Ms: 0, maxMs: 0, sinceMs: Date.now() - m.since, gc };
  if (reset) {
    h.reset();
    m.since = Date.now();
    m.gc = noPauses();
  }
  return stats;
}
