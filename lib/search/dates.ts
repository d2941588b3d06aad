/** Day numbers (days since 1970-01-01, UTC) keep dates in an Int32Array and make date filters integer compares. */
export function toDayNumber(date: string): number {
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`invalid date: ${date}`);
  return Math.round(t / 86_400_000);
}

export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
