import { daysBetween } from "@/lib/chart/find-gaps";

export type CadenceId = "daily" | "weekly" | "monthly" | "quarterly" | "yearly";

/** How often a series has a row, read from its dates, and the words and defaults that follow from it. */
export type Cadence = {
  id: CadenceId;
  /** One period: "day", "week", "month"... */
  unit: string;
  units: string;
  /** Short unit after a number on a small control: "20d", "12mo". */
  unitShort: string;
  /** Heading for a count of rows: "Trading days", "Months". */
  rowsLabel: string;
  /** A hole in the dates longer than this many calendar days is a gap worth marking. */
  gapDays: number;
  /** Moving averages offered by default, in periods of this cadence. */
  maPeriods: readonly number[];
  /** The visible range a chart opens with: a year of days, all of a sparse series. */
  defaultRange: "1Y" | "5Y" | "MAX";
};

export const CADENCES: Record<CadenceId, Cadence> = {
  // A weekend is 3 days and a long weekend 4, so only real holes (closures, missing data) are marked.
  daily: { id: "daily", unit: "day", units: "days", unitShort: "d", rowsLabel: "Trading days", gapDays: 4, maPeriods: [20, 50, 200], defaultRange: "1Y" },
  weekly: { id: "weekly", unit: "week", units: "weeks", unitShort: "wk", rowsLabel: "Weeks", gapDays: 14, maPeriods: [10, 40], defaultRange: "5Y" },
  monthly: { id: "monthly", unit: "month", units: "months", unitShort: "mo", rowsLabel: "Months", gapDays: 45, maPeriods: [6, 12], defaultRange: "MAX" },
  quarterly: { id: "quarterly", unit: "quarter", units: "quarters", unitShort: "q", rowsLabel: "Quarters", gapDays: 135, maPeriods: [4, 8], defaultRange: "MAX" },
  yearly: { id: "yearly", unit: "year", units: "years", unitShort: "y", rowsLabel: "Years", gapDays: 500, maPeriods: [5, 10], defaultRange: "MAX" },
};

/** Every moving-average period any cadence offers (what a chart URL may ask for). */
export const ALL_MA_PERIODS = [...new Set(Object.values(CADENCES).flatMap((c) => c.maPeriods))].sort((a, b) => a - b);

/** The cadence whose typical spacing matches a typical step of `days` calendar days. */
function cadenceOfStep(days: number): Cadence {
  if (!(days > 0) || days <= 4.5) return CADENCES.daily;
  if (days <= 12) return CADENCES.weekly;
  if (days <= 50) return CADENCES.monthly;
  if (days <= 140) return CADENCES.quarterly;
  return CADENCES.yearly;
}

/**
 * The cadence of sorted YYYY-MM-DD dates, from the median step between them: the median, because holidays,
 * gaps and a few doubled rows must not turn a daily series weekly. Fewer than two dates read as daily.
 */
export function detectCadence(dates: readonly string[]): Cadence {
  if (dates.length < 2) return CADENCES.daily;
  const steps: number[] = [];
  for (let i = 1; i < dates.length; i++) steps.push(daysBetween(dates[i - 1], dates[i]));
  steps.sort((a, b) => a - b);
  return cadenceOfStep(steps[Math.floor(steps.length / 2)]);
}

/** An estimate from a summary alone (first and last date and a row count), for lists that hold no dates. */
export function cadenceOfSpan(first: string | null, last: string | null, count: number): Cadence {
  if (!first || !last || count < 2) return CADENCES.daily;
  // Trading days run about 252 a year (1.45 calendar days each); other cadences have no weekend gaps.
  const perStep = daysBetween(first, last) / (count - 1);
  return perStep <= 2.5 ? CADENCES.daily : cadenceOfStep(perStep);
}

/** "20-day", "12-month": a moving average named in its own periods. */
export function maLabel(cadence: Cadence, period: number): string {
  return `${period}-${cadence.unit}`;
}
