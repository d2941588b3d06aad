import { describe, expect, it } from "vitest";
import { daysBetween, findGaps } from "@/lib/chart/find-gaps";

describe("findGaps", () => {
  it("ignores weekends and long weekends but marks longer holes", () => {
    const dates = ["2001-09-07", "2001-09-10", "2001-09-17", "2001-09-18", "2002-03-28", "2002-04-01"];
    // Fri->Mon is 3 days, Thu->Mon (Good Friday) 4 days; the 9/11 closure is 7.
    expect(findGaps(dates)).toEqual([{ index: 2, before: "2001-09-10", after: "2001-09-17", days: 7 }, { index: 4, before: "2001-09-18", after: "2002-03-28", days: 191 }]);
  });

  it("counts calendar days across month and leap-year ends", () => {
    expect(daysBetween("2020-02-28", "2020-03-01")).toBe(2);
    expect(daysBetween("2019-12-31", "2020-01-01")).toBe(1);
  });

  it("honours a custom threshold", () => {
    expect(findGaps(["2020-01-03", "2020-01-06"], 2)).toHaveLength(1);
    expect(findGaps([])).toEqual([]);
  });
});
