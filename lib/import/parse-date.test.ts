import { describe, expect, it } from "vitest";
import { parseDate } from "@/lib/import/parse-date";

describe("parseDate", () => {
  it("reads the spellings providers use", () => {
    expect(parseDate("2015-01-02")).toBe("2015-01-02");
    expect(parseDate("2015-01-02T00:00:00Z")).toBe("2015-01-02");
    expect(parseDate("2015-01-02 16:00:00")).toBe("2015-01-02");
    expect(parseDate("20150102")).toBe("2015-01-02");
    expect(parseDate("Jan 1 2000")).toBe("2000-01-01");
    expect(parseDate("February 29, 2000")).toBe("2000-02-29");
    expect(parseDate("01/02/2015")).toBe("2015-01-02");
    expect(parseDate(" 2015-01-02 ")).toBe("2015-01-02");
  });

  it("rejects what is not a real calendar day", () => {
    for (const bad of ["2016-13-01", "2015-02-29", "2015-04-31", "1900-02-29", "yesterday", "", "2015-1-2x", "Foo 1 2000", "20151301"]) {
      expect(parseDate(bad), bad).toBeNull();
    }
    expect(parseDate("2016-02-29")).toBe("2016-02-29");
    expect(parseDate("2000-02-29")).toBe("2000-02-29");
  });
});
