import type { DailyRow } from "@/lib/import/types";

const DAY = 86_400_000;

/** 'daily', 'weekly' or 'monthly' from the median gap between dates (vega's stocks.csv holds monthly closes). */
export function inferFrequency(rows: readonly DailyRow[]): string {
  if (rows.length < 3) return "daily";
  const gaps: number[] = [];
  // A sample of the first gaps is enough and keeps this cheap on long daily histories.
  for (let i = 1; i < Math.min(rows.length, 200); i++) gaps.push((Date.parse(rows[i][0]) - Date.parse(rows[i - 1][0])) / DAY);
  gaps.sort((a, b) => a - b);
  const median = gaps[gaps.length >> 1];
  return median >= 25 ? "monthly" : median >= 6 ? "weekly" : "daily";
}
