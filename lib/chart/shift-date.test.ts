import { describe, expect, it } from "vitest";
import { shiftDate } from "@/lib/chart/shift-date";

describe("shiftDate", () => {
  it("moves across month, year and leap-day boundaries, both ways", () => {
    expect(shiftDate("2008-12-31", 1)).toBe("2009-01-01");
    expect(shiftDate("2009-01-01", -1)).toBe("2008-12-31");
    expect(shiftDate("2016-02-28", 1)).toBe("2016-02-29");
    expect(shiftDate("2015-02-28", 1)).toBe("2015-03-01");
    expect(shiftDate("2008-09-01", -40)).toBe("2008-07-23");
    expect(shiftDate("2008-09-01", 0)).toBe("2008-09-01");
  });
});
