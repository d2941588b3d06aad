/** A stored series row: the date first, then values ([t, o, h, l, c, v] or [t, value]). */
export type SeriesRow = readonly [string, ...(number | null)[]];

/** Groups date-sorted rows by calendar year (the series_chunk layout), keeping order. */
export function splitByYear<R extends SeriesRow>(rows: readonly R[]): Map<number, R[]> {
  const years = new Map<number, R[]>();
  let currentYear = -1;
  let current: R[] = [];
  for (const row of rows) {
    const year = +row[0].slice(0, 4);
    if (year !== currentYear) {
      current = years.get(year) ?? [];
      years.set(year, current);
      currentYear = year;
    }
    current.push(row);
  }
  return years;
}

/**
 * Merges two date-sorted row lists by date; on the same date the incoming row wins, so importing a later file
 * extends or corrects a series and never duplicates a day.
 */
export function mergeSeriesRows<R extends SeriesRow>(stored: readonly R[], incoming: readonly R[]): R[] {
  if (stored.length === 0) return incoming.slice();
  const out: R[] = [];
  let i = 0;
  let j = 0;
  while (i < stored.length || j < incoming.length) {
    if (j >= incoming.length) out.push(stored[i++]);
    else if (i >= stored.length) out.push(incoming[j++]);
    else if (stored[i][0] < incoming[j][0]) out.push(stored[i++]);
    else if (stored[i][0] > incoming[j][0]) out.push(incoming[j++]);
    else {
      out.push(incoming[j++]);
      i++;
    }
  }
  return out;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * series.summary: for 'ohlcv' { lastClose, prevClose, changePct, spark: last 90 closes }, for 'scalar'
 * { last, prev, changePct }. `tail` is the series' last rows in date order (at least 90 when it has them).
 */
export function summarizeSeries(kind: "ohlcv" | "scalar", tail: readonly SeriesRow[]): Record<string, unknown> {
  const valueAt = kind === "ohlcv" ? 4 : 1;
  const values = tail.map((r) => r[valueAt] as number | null);
  const last = values.at(-1) ?? null;
  const prev = values.length > 1 ? values.at(-2)! : null;
  const changePct = last !== null && prev !== null && prev !== 0 ? round(((last - prev) / Math.abs(prev)) * 100, 4) : null;
  if (kind === "scalar") return { last, prev, changePct };
  return { lastClose: last, prevClose: prev, changePct, spark: values.slice(-90) };
}
