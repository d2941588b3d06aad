export type Gap = {
  /** Index of the first date after the gap (where the chart marks it). */
  index: number;
  /** Last date before and first date after the gap. */
  before: string;
  after: string;
  /** Calendar days between the two dates. */
  days: number;
};

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Calendar days from date `a` to date `b` (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/**
 * Breaks in a sorted list of trading dates longer than `minDays` calendar days. A weekend is 3 days and a long
 * weekend 4, so the default of 4 marks only real holes (exchange closures, missing data) on a trading-day axis.
 */
export function findGaps(dates: readonly string[], minDays = 4): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < dates.length; i++) {
    const days = daysBetween(dates[i - 1], dates[i]);
    if (days > minDays) gaps.push({ index: i, before: dates[i - 1], after: dates[i], days });
  }
  return gaps;
}
