import { describe, expect, it } from "vitest";
import { formatDateTime, formatProbability, withArticle } from "@/lib/chart/format";

describe("formatProbability", () => {
  it("always shows one decimal and never rounds up to a certainty", () => {
    expect(formatProbability(0.93)).toBe("93.0%");
    expect(formatProbability(0.9996)).toBe("99.9%");
    expect(formatProbability(1)).toBe("100.0%");
    expect(formatProbability(0.8)).toBe("80.0%");
    expect(formatProbability(null)).toBe("–");
  });
});

describe("withArticle", () => {
  it("picks a or an", () => {
    expect(withArticle("inverse head and shoulders")).toBe("an inverse head and shoulders");
    expect(withArticle("rising trend")).toBe("a rising trend");
  });
});

describe("formatDateTime", () => {
  it("writes a moment in local time the way the app writes dates, and a dash for none", () => {
    const d = new Date(2026, 11, 2, 6, 5);
    expect(formatDateTime(d)).toBe("2 Dec 2026, 06:05");
    expect(formatDateTime(d.toISOString())).toBe("2 Dec 2026, 06:05");
    expect(formatDateTime(null)).toBe("–");
    expect(formatDateTime("not a date")).toBe("–");
  });
});
