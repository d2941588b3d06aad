import type { HorizonOutcome, OutcomeStats, VerdictKind } from "@/lib/outcomes/types";

export type VerdictTone = "neutral" | "up" | "down" | "warn";

/** The outcome panel's words: a short headline, the full sentence, how many matches it rests on, and caveats. */
export type VerdictView = { kind: VerdictKind; tone: VerdictTone; headline: string; sentence: string; sample: string; caveats: string[] };

const HEADLINES: Record<VerdictKind, { headline: string; tone: VerdictTone }> = {
  "no-data": { headline: "Nothing to measure yet", tone: "neutral" },
  "too-few": { headline: "Too few matches to say", tone: "neutral" },
  "no-edge": { headline: "No measurable edge", tone: "neutral" },
  negligible: { headline: "Too small to matter after costs", tone: "neutral" },
  "uncertain-after-costs": { headline: "An edge that may not survive costs", tone: "warn" },
  better: { headline: "Did better than the same tickers over the same period", tone: "up" },
  worse: { headline: "Did worse than the same tickers over the same period", tone: "down" },
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The sample sentence: how many matches, and how many independent ones once overlap and same-week ends count once. */
export function describeSample(o: Pick<HorizonOutcome, "n" | "effectiveN" | "horizon">): string {
  if (o.n === 0) return `No match has ${o.horizon} trading days of data after it.`;
  const base = `${plural(o.n, "match", "matches")} with ${o.horizon} trading days after ${o.n === 1 ? "it" : "them"}`;
  if (o.effectiveN >= o.n) return `${base}, none overlapping another.`;
  const most = o.effectiveN * 2 <= o.n ? " Most of them overlap, so the sample is smaller than it looks." : "";
  return `${base} count as ${plural(o.effectiveN, "independent one")}: windows overlapping on one ticker, and matches ending within a week of each other across tickers, count once.${most}`;
}

/**
 * The verdict as the panel shows it, from the statistics (lib/outcomes), never from the raw mean: the engine's
 * sentence, a headline that says "too few matches to say" below the independent-sample threshold, the sample size
 * after overlap, and what the statistics cover (the listed matches, every window over a similarity threshold, every
 * occurrence) with the multiple-comparisons note.
 */
export function describeVerdictView(stats: OutcomeStats): VerdictView {
  const asked = stats.horizons.find((h) => h.horizon === stats.horizon) ?? null;
  const { headline, tone } = HEADLINES[stats.verdict.kind];
  const caveats: string[] = [];
  if (stats.scope === "returned-matches" && asked && asked.n > 0) caveats.push(`These numbers cover the ${plural(asked.n, "listed match", "listed matches")} only, not every similar window.`);
  if (stats.threshold) caveats.push(stats.threshold.note);
  if (stats.occurrences) caveats.push(stats.occurrences.note);
  caveats.push(stats.comparisons.note);
  return {
    kind: stats.verdict.kind,
    tone,
    headline,
    sentence: stats.verdict.sentence,
    sample: asked ? describeSample(asked) : `No statistics at ${stats.horizon} trading days.`,
    caveats,
  };
}
