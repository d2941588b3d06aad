import type { HorizonOutcome, VerdictKind } from "@/lib/outcomes/types";

const pct = (x: number) => `${x > 0 ? "+" : x < 0 ? "\u2212" : ""}${Math.abs(x * 100).toFixed(2)}%`;

/**
 * The plain-sentence verdict on one horizon, from the edge over the period-matched base rate and its cluster
 * bootstrap interval, never from the raw mean: too few independent matches, no measurable edge (the interval holds
 * 0), an edge within the round-trip cost (negligible), an interval reaching inside the cost (uncertain after costs),
 * or an edge whose whole interval clears the cost (better / worse).
 */
export function describeVerdict({ outcome, cost, minEffective }: { outcome: HorizonOutcome; cost: number; minEffective: number }): { kind: VerdictKind; sentence: string } {
  const { horizon: h, n, effectiveN, edge, edgeCi95, allWindowsEdge } = outcome;
  const counted = `${effectiveN} independent of ${n} match${n === 1 ? "" : "es"}`;
  if (n === 0 || edge === null || edgeCi95 === null) return { kind: "no-data", sentence: `No match has ${h} trading days of data after it yet, so there is nothing to measure.` };
  if (effectiveN < minEffective) {
    return { kind: "too-few", sentence: `Too few independent matches to judge: ${counted} after counting overlapping and same-week matches once (at least ${minEffective} needed).` };
  }
  const [lo, hi] = edgeCi95;
  const versus = `${pct(edge)} against the same tickers over the same period after ${h} trading days (95% interval ${pct(lo)} to ${pct(hi)}, ${counted})`;
  const drift = allWindowsEdge !== null && Math.abs(allWindowsEdge - edge) > Math.max(cost, Math.abs(edge)) ? ` Against every window searched it would look like ${pct(allWindowsEdge)}: the difference is the drift of these tickers over this period.` : "";
  const sided = (kind: VerdictKind, sentence: string) => ({ kind, sentence: sentence + drift });
  if (lo <= 0 && hi >= 0) return sided("no-edge", `No measurable edge after accounting for overlap and the period's drift: ${versus}.`);
  if (Math.abs(edge) <= cost) return sided("negligible", `A measurable but negligible edge: ${versus}, within a round-trip cost of ${pct(cost).replace("+", "")}.`);
  if (Math.min(Math.abs(lo), Math.abs(hi)) <= cost) return sided("uncertain-after-costs", `An edge that may not survive costs: ${versus}; the interval reaches inside a round-trip cost of ${pct(cost).replace("+", "")}.`);
  return sided(edge > 0 ? "better" : "worse", `The matches did ${edge > 0 ? "better" : "worse"} than the same tickers over the same period, after accounting for overlap and the period's drift: ${versus}, beyond a round-trip cost of ${pct(cost).replace("+", "")}.`);
}
