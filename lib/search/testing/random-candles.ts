import { rng } from "@/lib/search/testing/random";
import type { TickerColumns } from "@/lib/search/types";

/**
 * Random-walk candles for the sequence tests: some flat candles, some big drops, a missing close every 97 days.
 * `stagger` shifts ticker t's dates by t % 3 days, so tickers' latest occurrences fall on different days.
 */
export function randomCandles({ seed, count, n, stagger = false, symbol = (t) => `S${t}` }: { seed: number; count: number; n: number; stagger?: boolean; symbol?: (t: number) => string }): TickerColumns[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, t) => {
    const close = new Float64Array(n), open = new Float64Array(n);
    let c = 50;
    for (let i = 0; i < n; i++) {
      open[i] = c;
      const u = r();
      c = u < 0.1 ? c : c * (1 + (r() - 0.5) * (u < 0.2 ? 0.3 : 0.04));
      close[i] = c;
      if (i % 97 === 13) close[i] = NaN;
    }
    const shift = stagger ? t % 3 : 0;
    return { symbol: symbol(t), days: Int32Array.from({ length: n }, (_, i) => 17000 + i + shift), open, high: close.map((v, i) => Math.max(v, open[i]) + 1), low: close.map((v, i) => Math.min(v, open[i]) - 1), close, volume: new Float64Array(n).fill(1) };
  });
}
