import { describe, expect, it } from "vitest";
import { cadenceOfSpan, detectCadence, maLabel } from "@/lib/chart/cadence";

function dates(start: string, n: number, step: (d: Date) => void, skipWeekends = false): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  while (out.length < n) {
    const dow = d.getUTCDay();
    if (!skipWeekends || (dow !== 0 && dow !== 6)) out.push(d.toISOString().slice(0, 10));
    step(d);
  }
  return out;
}

describe("detectCadence", () => {
  it("reads trading days with weekends and a holiday gap as daily", () => {
    const days = dates("2020-01-01", 300, (d) => d.setUTCDate(d.getUTCDate() + 1), true);
    days.splice(100, 10); // two missing weeks
    expect(detectCadence(days).id).toBe("daily");
  });

  it("reads weekly, monthly (month ends of 28-31 days), quarterly and yearly dates", () => {
    expect(detectCadence(dates("2020-01-03", 60, (d) => d.setUTCDate(d.getUTCDate() + 7))).id).toBe("weekly");
    expect(detectCadence(dates("2000-01-01", 123, (d) => d.setUTCMonth(d.getUTCMonth() + 1))).id).toBe("monthly");
    expect(detectCadence(dates("2000-03-31", 40, (d) => d.setUTCMonth(d.getUTCMonth() + 3))).id).toBe("quarterly");
    expect(detectCadence(dates("1990-12-31", 30, (d) => d.setUTCFullYear(d.getUTCFullYear() + 1))).id).toBe("yearly");
  });

  it("treats too few dates as daily", () => {
    expect(detectCadence([]).id).toBe("daily");
    expect(detectCadence(["2020-01-01"]).id).toBe("daily");
  });
});

describe("cadenceOfSpan", () => {
  it("estimates from the first and last date and the row count", () => {
    // 2,520 trading days over ten years is daily; 123 rows over ten years is monthly.
    expect(cadenceOfSpan("2000-01-03", "2009-12-31", 2520).id).toBe("daily");
    expect(cadenceOfSpan("2000-01-01", "2010-03-01", 123).id).toBe("monthly");
    expect(cadenceOfSpan(null, null, 0).id).toBe("daily");
  });
});

describe("maLabel", () => {
  it("names a moving average in the series' own periods", () => {
    expect(maLabel(detectCadence(dates("2000-01-01", 24, (d) => d.setUTCMonth(d.getUTCMonth() + 1))), 12)).toBe("12-month");
  });
});
