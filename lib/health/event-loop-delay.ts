import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/** Sampling period of the histogram; it records each period's length, so the delay is the excess over it. */
const RESOLUTION_MS = 10;

const g = globalThis as unknown as { patternscopeLoopDelay?: { histogram: IntervalHistogram; since: number } };

export type EventLoopStats = { p50Ms: number; p99Ms: number; maxMs: number; sinceMs: number };

/**
 * How long the web thread's event loop was held (node:perf_hooks monitorEventLoopDelay, 10 ms resolution) since
 * the first call or the last reset: a blocked loop delays every chart read and page. Started on first use.
 */
export function eventLoopStats({ reset = false }: { reset?: boolean } = {}): EventLoopStats {
  let m = g.patternscopeLoopDelay;
  if (!m) {
    m = g.patternscopeLoopDelay = { histogram: monitorEventLoopDelay({ resolution: RESOLUTION_MS }), since: Date.now() };
    m.histogram.enable();
  }
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);
  const h = m.histogram;
  const stats = h.count > 0 ? { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), sinceMs: Date.now() - m.since } : { p50Ms: 0, p99Ms: 0, maxMs: 0, sinceMs: Date.now() - m.since };
  if (reset) {
    h.reset();
    m.since = Date.now();
  }
  return stats;
}
